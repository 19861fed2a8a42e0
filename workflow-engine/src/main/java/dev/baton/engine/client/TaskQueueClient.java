package dev.baton.engine.client;

import dev.baton.engine.config.EngineConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The Cloud Tasks v2 REST API of Baton's task queue ({@code baton.engine.tasks.url}): CreateTask for tasks.call and
 * tasks.create, PatchQueue to declare queues at start. Non-blocking (shares {@link HttpCaller}'s client); each
 * request has the configured timeout. Retries are the caller's: the runner retries CreateTask with backoff until
 * the queue answers, which is safe because task names are deterministic (a repeat answers 409).
 */
@ApplicationScoped
public class TaskQueueClient {

    private final HttpCaller http;
    private final EngineConfig config;

    public TaskQueueClient(HttpCaller http, EngineConfig config) {
        this.http = http;
        this.config = config;
    }

    /** The task queue's answer: HTTP status and body text. */
    public record Answer(int status, String body) {
        /** 2xx, or 409 (the deterministic name exists already: an earlier attempt created it). */
        public boolean created() {
            return (status >= 200 && status < 300) || status == 409;
        }

        /** Worth retrying: the queue is unavailable or overloaded. */
        public boolean transientFailure() {
            return status >= 500 || status == 429 || status == 408;
        }
    }

    /** The base URL, when configured. */
    public Optional<String> url() {
        return config.tasks().url().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }

    /** The full queue name for an id or a full name. */
    public String queueName(String queue) {
        return queue.startsWith("projects/") ? queue
                : "projects/" + config.tasks().project() + "/locations/" + config.tasks().location() + "/queues/"
                        + queue;
    }

    /** POST {queue}/tasks with {@code {"task": task}}. */
    public Future<Answer> createTask(String queueName, JsonObject task) {
        return call("POST", "/v2/" + queueName + "/tasks", new JsonObject().put("task", task));
    }

    /** PATCH {queue} (creates it when missing) with the given retry config. */
    public Future<Answer> patchQueue(String queueName, EngineConfig.QueueSpec spec) {
        JsonObject queue = new JsonObject().put("name", queueName)
                .put("rateLimits", new JsonObject().put("maxDispatchesPerSecond", spec.maxDispatchesPerSecond())
                        .put("maxConcurrentDispatches", spec.maxConcurrentDispatches()))
                .put("retryConfig", new JsonObject().put("maxAttempts", spec.maxAttempts())
                        .put("minBackoff", seconds(spec.minBackoff())).put("maxBackoff", seconds(spec.maxBackoff())));
        return call("PATCH", "/v2/" + queueName
                + "?updateMask=rateLimits.maxDispatchesPerSecond,rateLimits.maxConcurrentDispatches,"
                + "retryConfig.maxAttempts,retryConfig.minBackoff,retryConfig.maxBackoff", queue);
    }

    /** DELETE a task (best effort when its execution was cancelled). */
    public Future<Answer> deleteTask(String taskName) {
        return call("DELETE", "/v2/" + taskName, null);
    }

    private Future<Answer> call(String method, String path, JsonObject body) {
        String base = url().orElse(null);
        if (base == null) {
            return Future.failedFuture(new IllegalStateException("baton.engine.tasks.url is not set"));
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (body != null) {
            headers.add("Content-Type", "application/json");
        }
        return http.send(method, base + path, headers, body == null ? null : body.toBuffer(),
                config.tasks().requestTimeout().toMillis())
                .map(r -> new Answer(r.status(), new String(r.body(), StandardCharsets.UTF_8)));
    }

    /** A proto3 JSON duration. */
    public static String seconds(java.time.Duration d) {
        return java.math.BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString() + "s";
    }

}
