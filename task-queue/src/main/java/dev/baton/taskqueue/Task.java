package dev.baton.taskqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A stored task, as the API shows it and the dispatcher sends it.
 *
 * @param rowId database id; identifies this incarnation of the name (a name can be reused after the de-dup window)
 * @param queueName full queue name
 * @param taskId last segment of the task name
 * @param state life-cycle state
 * @param httpMethod HTTP method
 * @param url target URL
 * @param headers headers to send
 * @param body body to send, or null
 * @param oidc OIDC token request, or null
 * @param dispatchDeadline how long one attempt may take
 * @param reportUrl completion report URL (our extension), or null
 * @param traceparent W3C trace context captured at creation, or null
 * @param tracestate W3C tracestate captured at creation, or null
 * @param scheduleTime when the task is (next) due
 * @param createTime creation time
 * @param dispatchCount attempts started
 * @param responseCount attempts that got an HTTP response
 * @param executionCount attempts that got a response other than 5xx
 * @param firstAttempt the first finished attempt, or null
 * @param lastAttempt the last finished attempt, or null
 * @param attemptScheduleTime schedule time of the attempt in flight (RUNNING), or null
 * @param attemptDispatchTime dispatch time of the attempt in flight, or null
 * @param retryReason why the task is being retried, or null
 * @param lastResponseBody bounded body of the last response, or null
 */
public record Task(long rowId, String queueName, String taskId, TaskState state, String httpMethod, String url,
        Map<String, String> headers, byte[] body, Oidc oidc, Duration dispatchDeadline, String reportUrl,
        String traceparent, String tracestate, Instant scheduleTime, Instant createTime, int dispatchCount,
        int responseCount, int executionCount, Attempt firstAttempt, Attempt lastAttempt,
        Instant attemptScheduleTime, Instant attemptDispatchTime, String retryReason, byte[] lastResponseBody) {

    /** Full task name. */
    public String name() {
        return queueName + "/tasks/" + taskId;
    }

    /**
     * OIDC token request of a task.
     *
     * @param serviceAccountEmail the {@code sub}/{@code email} claim
     * @param audience the {@code aud} claim; null means the target URL
     */
    public record Oidc(String serviceAccountEmail, String audience) {
    }

    /**
     * One finished attempt.
     *
     * @param scheduleTime when it was due
     * @param dispatchTime when it was sent
     * @param responseTime when its outcome was known
     * @param httpStatus HTTP status, or null without a response
     * @param error what went wrong without a response (connection error, deadline), or null
     */
    public record Attempt(Instant scheduleTime, Instant dispatchTime, Instant responseTime, Integer httpStatus,
            String error) {
    }
}
