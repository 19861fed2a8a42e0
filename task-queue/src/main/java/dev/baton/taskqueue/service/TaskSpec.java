package dev.baton.taskqueue.service;

import dev.baton.taskqueue.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A task as given to CreateTask, before validation; null fields were not given.
 *
 * @param taskId last segment of the requested name, or null for a generated id
 * @param httpMethod HTTP method name (default POST)
 * @param url target URL
 * @param headers headers to send
 * @param body body to send, or null
 * @param oidc OIDC token request, or null
 * @param scheduleTime when to dispatch, or null for now
 * @param dispatchDeadline attempt deadline, or null for the default (10 minutes)
 * @param reportUrl completion report URL (our extension), or null
 */
public record TaskSpec(String taskId, String httpMethod, String url, Map<String, String> headers, byte[] body,
        Task.Oidc oidc, Instant scheduleTime, Duration dispatchDeadline, String reportUrl) {
}
