package dev.baton.engine.execution;

import dev.baton.engine.client.TaskQueueClient;
import dev.baton.engine.config.EngineConfig;
import dev.baton.engine.repository.CallRow;
import dev.baton.engine.repository.ExecutionRow;
import dev.baton.engine.runtime.ExecutionState;
import dev.baton.engine.runtime.Outcome;
import dev.baton.engine.stdlib.Stdlib;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code tasks.call} and {@code tasks.create} connectors: a command sent to a service as a task of the task
 * queue. Args: {@code url} (required), {@code method} (POST), {@code headers}, {@code body} (JSON), {@code queue}
 * (id or full name; default {@code baton.engine.tasks.default-queue}), {@code idempotency_key} (default
 * {@code <executionId>:<step>}), {@code dispatch_deadline} (seconds), {@code schedule_delay} (seconds).
 *
 * <p>The task's name is deterministic (execution, step, attempt), so creating it again after a crash answers 409 and
 * changes nothing. A tasks.call task carries a completion report URL and, in {@code X-Baton-Callback-Url}, a
 * callback URL the service may call itself when the work finishes later; the first of the two outcomes wins.
 */
public final class TaskCalls {

    private TaskCalls() {
    }

    /** What creating the task gave: an outcome now (tasks.create, or a refusal), or created (tasks.call waits). */
    public record Result(Outcome outcome, boolean created) {
    }

    /** The task id: execution, step and the call's attempt number, plus a hash that keeps branches apart. */
    public static String taskId(ExecutionRow execution, ExecutionState.Waiting w) {
        String id = w.call().id();
        String seq = id.substring(id.lastIndexOf('/') + 1);
        String step = w.step().replaceAll("[^A-Za-z0-9_-]", "_");
        if (step.length() > 100) {
            step = step.substring(0, 100);
        }
        return execution.id() + "-" + step + "-" + seq + "-" + hash(id);
    }

    /** The completion-report URL of a tasks.call. */
    public static String reportUrl(String publicUrl, ExecutionRow execution, String token) {
        return publicUrl + "/v1/" + execution.name() + "/taskReports/" + token;
    }

    /** Creates the task for a pending tasks.call / tasks.create. */
    public static Future<Result> create(TaskQueueClient client, EngineConfig config, ExecutionRow execution,
            CallRow call, Instant now) {
        if (client.url().isEmpty()) {
            return Future.succeededFuture(new Result(Outcome.failure(call.callId(), "OperationError",
                    call.function() + ": no task queue configured (baton.engine.tasks.url / BATON_TASK_QUEUE_URL)"),
                    false));
        }
        Map<String, Object> args = Codec.argsValue(call.args());
        if (!(args.get("url") instanceof String url) || url.isBlank()) {
            return Future.succeededFuture(new Result(Outcome.failure(call.callId(), "ValueError",
                    call.function() + ": the url argument is required"), false));
        }
        String queue = client.queueName(args.get("queue") instanceof String q ? q : config.tasks().defaultQueue());
        String method = args.get("method") instanceof String m ? m.toUpperCase(Locale.ROOT) : "POST";
        String key = args.get("idempotency_key") instanceof String k ? k : execution.id() + ":" + call.step();
        JsonObject headers = new JsonObject().put("Content-Type", "application/json").put("Idempotency-Key", key)
                .put("X-Baton-Execution", execution.name());
        if (args.get("headers") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
        }
        boolean waits = call.function().equals("tasks.call");
        String publicUrl = config.publicUrl();
        if (waits) {
            headers.put("X-Baton-Callback-Url",
                    ExecutionEnvironment.callbackUrl(publicUrl, execution.name(), call.callbackToken()));
        }
        JsonObject http = new JsonObject().put("url", url).put("httpMethod", method).put("headers", headers);
        config.tasks().oidcServiceAccount().ifPresent(account -> http.put("oidcToken", new JsonObject()
                .put("serviceAccountEmail", account).put("audience", origin(url))));
        Object body = args.get("body");
        if (body != null) {
            http.put("body", Base64.getEncoder().encodeToString(
                    body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : Stdlib.Json.encode(body, false)));
        }
        // The row carries the full name (queue chosen when the call was recorded); older rows carried the id only.
        String taskName = call.taskName().contains("/tasks/") ? call.taskName() : queue + "/tasks/" + call.taskName();
        queue = taskName.substring(0, taskName.indexOf("/tasks/"));
        JsonObject task = new JsonObject().put("name", taskName).put("httpRequest", http);
        if (args.get("dispatch_deadline") instanceof Number d) {
            task.put("dispatchDeadline", TaskQueueClient.seconds(Duration.ofMillis((long) (d.doubleValue() * 1000))));
        }
        if (args.get("schedule_delay") instanceof Number d) {
            task.put("scheduleTime", now.plusMillis((long) (d.doubleValue() * 1000)).toString());
        }
        if (waits) {
            task.put("completionReport", new JsonObject().put("url", reportUrl(publicUrl, execution,
                    call.callbackToken())));
        }
        return client.createTask(queue, task).map(answer -> {
            if (answer.created()) {
                return waits ? new Result(null, true) : new Result(Outcome.value(call.callId(), taskName), false);
            }
            if (answer.transientFailure()) {
                return new Result(null, false);
            }
            return new Result(Outcome.failure(call.callId(), "OperationError", call.function()
                    + ": the task queue refused the task (" + answer.status() + "): " + answer.body()), false);
        });
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code scheme://host[:port]} of {@code url}: the audience a service checks commands against. */
    static String origin(String url) {
        try {
            java.net.URI u = java.net.URI.create(url);
            return u.getScheme() + "://" + u.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
