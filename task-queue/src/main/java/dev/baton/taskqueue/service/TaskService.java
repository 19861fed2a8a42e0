package dev.baton.taskqueue.service;

import dev.baton.taskqueue.ErrorCode;
import dev.baton.taskqueue.ResourceNames;
import dev.baton.taskqueue.Task;
import dev.baton.taskqueue.TaskQueueException;
import dev.baton.taskqueue.config.TaskQueueConfig;
import dev.baton.taskqueue.messaging.TaskNotifications;
import dev.baton.taskqueue.repository.QueueQueries;
import dev.baton.taskqueue.repository.TaskQueries;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Task use cases. All validation happens before the first statement, and creation is one transaction, so a refused
 * request leaves nothing behind.
 */
@ApplicationScoped
public class TaskService {

    /** Cloud Tasks' limit on a task (we apply it to the body, which is nearly all of it). */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    static final Duration MIN_DEADLINE = Duration.ofSeconds(15);
    static final Duration MAX_DEADLINE = Duration.ofMinutes(30);
    static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);
    static final Set<String> METHODS = Set.of("POST", "GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+");
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private final Pool pool;
    private final TaskQueueConfig config;
    private final ReportDeliverer reports;
    private final TaskNotifications notifier;

    public TaskService(Pool pool, TaskQueueConfig config, ReportDeliverer reports, TaskNotifications notifier) {
        this.pool = pool;
        this.config = config;
        this.reports = reports;
        this.notifier = notifier;
    }

    /**
     * CreateTask.
     *
     * @param traceparent W3C trace context of the creating request, or null
     */
    public Future<Task> create(String queueName, TaskSpec spec, String traceparent, String tracestate, Instant now) {
        TaskQueries.NewTask task = validate(queueName, spec, traceparent, tracestate, now);
        // One statement in the common case; only a taken name costs a second look (is it an expired tombstone?).
        return TaskQueries.insert(pool, task, now)
                .compose(created -> created != null || spec.taskId() == null ? Future.succeededFuture(created)
                        : TaskQueries.deleteExpiredTombstone(pool, queueName, task.taskId(), now)
                                .compose(freed -> freed ? TaskQueries.insert(pool, task, now)
                                        : Future.succeededFuture(null)))
                .recover(e -> Future.failedFuture(e instanceof PgException pg && "23503".equals(pg.getSqlState())
                        ? TaskQueueException.notFound("Queue " + queueName + " does not exist") : e))
                .map(created -> {
                    if (created == null) {
                        throw new TaskQueueException(ErrorCode.ALREADY_EXISTS, "Task " + queueName + "/tasks/"
                                + task.taskId() + " already exists, or was deleted or completed less than "
                                + config.dedupWindow().toMinutes() + " minutes ago");
                    }
                    notifier.queueChanged(queueName);
                    return created;
                });
    }

    TaskQueries.NewTask validate(String queueName, TaskSpec spec, String traceparent, String tracestate,
            Instant now) {
        String taskId = spec.taskId() == null ? generatedId() : ResourceNames.taskId(spec.taskId());
        String method = spec.httpMethod() == null ? "POST" : spec.httpMethod().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw TaskQueueException.invalid("Unsupported httpRequest.httpMethod '" + spec.httpMethod() + "'");
        }
        String url = requireHttpUrl("task.httpRequest.url", spec.url());
        if (spec.body() != null && spec.body().length > MAX_BODY_BYTES) {
            throw TaskQueueException.invalid("Task body is " + spec.body().length
                    + " bytes; the maximum is " + MAX_BODY_BYTES + " bytes (1 MB)");
        }
        if (spec.body() != null && spec.body().length > 0 && (method.equals("GET") || method.equals("HEAD")
                || method.equals("DELETE") || method.equals("OPTIONS"))) {
            throw TaskQueueException.invalid("Task body is only allowed with POST, PUT or PATCH, not " + method);
        }
        Instant schedule = spec.scheduleTime() == null ? now : spec.scheduleTime();
        if (schedule.isAfter(now.plus(config.maxScheduleAhead()))) {
            throw TaskQueueException.invalid("task.scheduleTime " + schedule + " is more than "
                    + config.maxScheduleAhead().toDays() + " days in the future");
        }
        Duration deadline = spec.dispatchDeadline() == null ? DEFAULT_DEADLINE : spec.dispatchDeadline();
        if (deadline.compareTo(MIN_DEADLINE) < 0 || deadline.compareTo(MAX_DEADLINE) > 0) {
            throw TaskQueueException.invalid("task.dispatchDeadline must be between 15s and 1800s, got "
                    + deadline.toMillis() / 1000.0 + "s");
        }
        String reportUrl = spec.reportUrl() == null ? null
                : requireHttpUrl("task.completionReport.url", spec.reportUrl());
        if (spec.oidc() != null) {
            String email = spec.oidc().serviceAccountEmail();
            if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
                throw TaskQueueException.invalid("task.httpRequest.oidcToken.serviceAccountEmail must be an email "
                        + "address such as worker@project.iam.gserviceaccount.com");
            }
            String audience = spec.oidc().audience();
            if (audience != null && (audience.isBlank() || audience.length() > 2083 || hasControl(audience))) {
                throw TaskQueueException.invalid("task.httpRequest.oidcToken.audience must be a non-blank string of "
                        + "at most 2083 characters without control characters");
            }
        }
        Map<String, String> headers = spec.headers() == null ? Map.of() : spec.headers();
        headers.forEach((name, value) -> {
            // RFC 9110 field names are tokens; values may hold no control character except a tab.
            if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
                throw TaskQueueException.invalid("Invalid header name '" + name + "' in task.httpRequest.headers");
            }
            if (value.chars().anyMatch(c -> (c < 32 && c != '\t') || c == 127)) {
                throw TaskQueueException.invalid("Invalid value of header '" + name
                        + "' in task.httpRequest.headers: control characters are not allowed");
            }
        });
        String trace = traceparent != null && TRACEPARENT.matcher(traceparent).matches() ? traceparent : null;
        // tracestate travels only with a valid traceparent, and only if it is a plausible W3C list (<= 512 chars).
        String state = trace == null || tracestate == null || tracestate.length() > 512 || hasControl(tracestate)
                ? null : tracestate;
        return new TaskQueries.NewTask(queueName, taskId, method, url, headers, spec.body(), spec.oidc(), deadline,
                reportUrl, trace, state, schedule);
    }

    private static boolean hasControl(String value) {
        return value.chars().anyMatch(c -> c < 32 || c == 127);
    }

    static String requireHttpUrl(String field, String url) {
        if (url == null || url.isBlank()) {
            throw TaskQueueException.invalid(field + " is required");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getHost().isEmpty()) {
                throw TaskQueueException.invalid(field + " must be an absolute http:// or https:// URL, got '" + url
                        + "'");
            }
            if (url.length() > 2083) {
                throw TaskQueueException.invalid(field + " is longer than 2083 characters");
            }
            return url;
        } catch (URISyntaxException e) {
            throw TaskQueueException.invalid(field + " is not a valid URL: " + e.getMessage());
        }
    }

    /** Cloud Tasks' generated ids are long decimal numbers; random ones keep names unguessable and spread out. */
    static String generatedId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000_000_000_000L, Long.MAX_VALUE));
    }

    public Future<Task> get(String queueName, String taskId) {
        return TaskQueries.get(pool, queueName, ResourceNames.taskId(taskId)).map(t -> require(t, queueName, taskId));
    }

    public Future<List<Task>> list(String queueName, long afterId, int limit) {
        return QueueQueries.get(pool, queueName).compose(q -> {
            QueueService.require(q, queueName);
            return TaskQueries.list(pool, queueName, afterId, limit);
        });
    }

    /** DeleteTask: the name stays reserved for the de-dup window. */
    public Future<Void> delete(String queueName, String taskId, Instant now) {
        return TaskQueries.deleteIfLive(pool, queueName, ResourceNames.taskId(taskId), now,
                now.plus(config.dedupWindow())).map(deleted -> {
                    if (!deleted) {
                        throw notFound(queueName, taskId);
                    }
                    // A deleted task with a report URL now has a report waiting: this instance delivers it.
                    reports.wake();
                    return null;
                });
    }

    /** RunTask: dispatch now regardless of schedule, pause and rate limits. */
    public Future<Task> run(String queueName, String taskId) {
        return TaskQueries.forceRun(pool, queueName, ResourceNames.taskId(taskId))
                .map(t -> require(t, queueName, taskId));
    }

    private static Task require(Task t, String queueName, String taskId) {
        if (t == null) {
            throw notFound(queueName, taskId);
        }
        return t;
    }

    private static TaskQueueException notFound(String queueName, String taskId) {
        return TaskQueueException.notFound("Task " + queueName + "/tasks/" + taskId
                + " does not exist (or has already succeeded, failed for good or been deleted)");
    }
}
