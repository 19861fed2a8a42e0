package dev.baton.engine.service;

import dev.baton.engine.ApiException;
import dev.baton.engine.ExecutionStatus;
import dev.baton.engine.config.EngineConfig;
import dev.baton.engine.execution.Clock;
import dev.baton.engine.messaging.LifecycleEvents;
import dev.baton.engine.messaging.Wakeups;
import dev.baton.engine.repository.CallbackQueries;
import dev.baton.engine.repository.ExecutionQueries;
import dev.baton.engine.repository.ExecutionRow;
import dev.baton.engine.repository.StepEntryQueries;
import dev.baton.engine.repository.StepEntryRow;
import dev.baton.engine.repository.WorkflowQueries;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Executions: create (ACTIVE, or QUEUED over the workflow's concurrency), get, list, cancel, step history and
 * callbacks. Creation validates the argument and the workflow before writing anything, and writes the execution and
 * its started event in one transaction.
 */
@ApplicationScoped
public class ExecutionService {

    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Creations that may race without the workflow lock: the concurrency limit holds exactly as long as fewer than
     * this many creations of one workflow are in flight at once across all engines.
     */
    static final int RACE_MARGIN = 1024;
    private static final Pattern STATE_FILTER = Pattern.compile("\\s*state\\s*=\\s*\"?([A-Za-z_]+)\"?\\s*");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final Pool pool;
    private final Clock clock;
    private final EngineConfig config;
    private final LifecycleEvents events;
    private final Wakeups wakeups;
    private final Vertx vertx;

    public ExecutionService(Pool pool, Clock clock, EngineConfig config, LifecycleEvents events, Wakeups wakeups,
            Vertx vertx) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
        this.events = events;
        this.wakeups = wakeups;
        this.vertx = vertx;
    }

    /** CreateExecution with {@code argument} (JSON text or null). */
    public Future<ExecutionRow> create(String project, String location, String workflowId, String argument) {
        if (argument != null) {
            int size = argument.getBytes(StandardCharsets.UTF_8).length;
            if (size > config.maxArgumentBytes()) {
                return Future.failedFuture(ApiException.invalid("argument is " + size + " bytes; the limit is "
                        + config.maxArgumentBytes() + " bytes"));
            }
            try {
                JSON.readTree(argument);
            } catch (Exception e) {
                return Future.failedFuture(ApiException.invalid("argument is not valid JSON: "
                        + e.getMessage().lines().findFirst().orElse("")));
            }
        }
        Instant now = clock.now();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        UUID id = UUID.randomUUID();
        int limit = config.maxActivePerWorkflow();
        return fastCreate(project, location, workflowId, argument, secret, id, now, limit)
                .compose(fast -> fast != null ? Future.succeededFuture(fast)
                        : pool.withTransaction(tx -> slowCreate(tx, project, location, workflowId, argument, secret,
                                id, now, limit)))
                .onSuccess(e -> {
            if (e.state() == ExecutionStatus.ACTIVE) {
                wakeups.due();
            }
        });
    }

    /**
     * The common creation in two pipelined round trips: BEGIN with the conditional insert, then the started event
     * with COMMIT. Null (nothing written) when the workflow is unknown or near its concurrency limit.
     */
    private Future<ExecutionRow> fastCreate(String project, String location, String workflowId, String argument,
            byte[] secret, UUID id, Instant now, int limit) {
        return pool.getConnection().compose(conn -> {
            Future<?> begin = conn.query("BEGIN").execute();
            Future<ExecutionRow> inserted = ExecutionQueries.insertIfFarBelowLimit(conn, id, project, location,
                    workflowId, argument, secret, now, limit, RACE_MARGIN);
            Future<ExecutionRow> done = Future.join(begin, inserted).compose(v -> {
                ExecutionRow e = inserted.result();
                if (e == null) {
                    return conn.query("ROLLBACK").execute().map(r -> (ExecutionRow) null);
                }
                Future<Void> event = events.started(conn, e, now);
                Future<?> commit = conn.query("COMMIT").execute();
                return Future.join(event, commit).map(r -> e);
            }, failure -> conn.query("ROLLBACK").execute().transform(r -> Future.failedFuture(failure)));
            return done.eventually(() -> conn.close());
        });
    }

    /** Near the concurrency limit (or an unknown workflow): creations are serialised and decide ACTIVE or QUEUED. */
    private Future<ExecutionRow> slowCreate(io.vertx.sqlclient.SqlConnection tx, String project, String location,
            String workflowId, String argument, byte[] secret, UUID id, Instant now, int limit) {
        return WorkflowQueries.get(tx, workflowId).compose(w -> {
            if (w == null) {
                return Future.failedFuture(ApiException.notFound("projects/" + project + "/locations/" + location
                        + "/workflows/" + workflowId));
            }
            return ExecutionQueries.lockWorkflow(tx, workflowId)
                    .compose(v -> ExecutionQueries.insert(tx, id, project, location, workflowId, w.revisionId(),
                            argument, secret, now, limit))
                    .compose(e -> e.state() == ExecutionStatus.ACTIVE
                            ? events.started(tx, e, now).map(v -> e) : Future.succeededFuture(e));
        });
    }

    /** The execution {@code id} of workflow {@code workflowId}; NOT_FOUND otherwise. */
    public Future<ExecutionRow> get(String workflowId, String id) {
        UUID uuid = parse(id);
        if (uuid == null) {
            return Future.failedFuture(ApiException.notFound("executions/" + id));
        }
        return ExecutionQueries.get(pool, uuid).map(e -> {
            if (e == null || !e.workflowId().equals(workflowId)) {
                throw ApiException.notFound("workflows/" + workflowId + "/executions/" + id);
            }
            return e;
        });
    }

    /** One page of a workflow's executions, newest first; {@code filter} may be {@code state="..."}. */
    public Future<List<ExecutionRow>> list(String workflowId, String filter, String pageToken, int pageSize) {
        ExecutionStatus state = null;
        if (filter != null && !filter.isBlank()) {
            Matcher m = STATE_FILTER.matcher(filter);
            if (!m.matches()) {
                return Future.failedFuture(ApiException.invalid("unsupported filter '" + filter
                        + "': only state=\"ACTIVE|SUCCEEDED|FAILED|CANCELLED|QUEUED\" is supported"));
            }
            try {
                state = ExecutionStatus.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return Future.failedFuture(ApiException.invalid("unknown state in filter: " + m.group(1)));
            }
        }
        Instant beforeTime = Instant.parse("9999-12-31T00:00:00Z");
        UUID beforeId = new UUID(-1L, -1L);
        if (pageToken != null && !pageToken.isBlank()) {
            try {
                String[] parts = new String(java.util.Base64.getUrlDecoder().decode(pageToken),
                        StandardCharsets.UTF_8).split("\\|");
                beforeTime = Instant.parse(parts[0]);
                beforeId = UUID.fromString(parts[1]);
            } catch (RuntimeException e) {
                return Future.failedFuture(ApiException.invalid("invalid pageToken"));
            }
        }
        return ExecutionQueries.list(pool, workflowId, beforeTime, beforeId, state, pageSize);
    }

    /** The page token that continues after {@code last}. */
    public static String pageToken(ExecutionRow last) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString((last.createTime() + "|" + last.id())
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * CancelExecution. A QUEUED execution is cancelled at once; an ACTIVE one at its next step boundary by the
     * runner (its open waits are cancelled with it); the answer waits up to 5 s for that to happen.
     */
    public Future<ExecutionRow> cancel(String workflowId, String id) {
        return get(workflowId, id).compose(e -> {
            Instant now = clock.now();
            return switch (e.state()) {
                case QUEUED -> pool.withTransaction(tx -> ExecutionQueries.cancelQueued(tx, e.id(), now)
                        .compose(c -> c == null ? Future.succeededFuture(e)
                                : events.finished(tx, c, ExecutionStatus.CANCELLED, null, now).map(v -> c)))
                        .compose(c -> c.state() == ExecutionStatus.CANCELLED ? Future.succeededFuture(c)
                                : cancel(workflowId, id));
                case ACTIVE -> ExecutionQueries.requestCancel(pool, e.id(), now).compose(requested -> {
                    wakeups.due();
                    return awaitFinal(e.id(), 50);
                });
                default -> Future.failedFuture(new ApiException(ApiException.Code.FAILED_PRECONDITION,
                        "Execution " + e.name() + " is " + e.state() + "; only ACTIVE or QUEUED executions can be"
                                + " cancelled"));
            };
        });
    }

    private Future<ExecutionRow> awaitFinal(UUID id, int triesLeft) {
        return ExecutionQueries.get(pool, id).compose(e -> {
            if (e.state().terminal() || triesLeft <= 0) {
                return Future.succeededFuture(e);
            }
            Promise<ExecutionRow> later = Promise.promise();
            vertx.setTimer(100, t -> awaitFinal(id, triesLeft - 1).onComplete(later));
            return later.future();
        });
    }

    /** The execution history: entries after entry {@code after}, skipping {@code skip} more, in entry order. */
    public Future<List<StepEntryRow>> history(ExecutionRow e, long after, int skip, int limit) {
        return StepEntryQueries.list(pool, e.id(), after, skip, limit);
    }

    /** One entry of the execution history; NOT_FOUND when it does not exist (or is no longer kept). */
    public Future<StepEntryRow> historyEntry(ExecutionRow e, String entryId) {
        long id;
        try {
            id = Long.parseLong(entryId);
        } catch (NumberFormatException x) {
            return Future.failedFuture(ApiException.notFound(e.name() + "/stepEntries/" + entryId));
        }
        return StepEntryQueries.get(pool, e.id(), id).map(r -> {
            if (r == null) {
                throw ApiException.notFound(e.name() + "/stepEntries/" + entryId);
            }
            return r;
        });
    }

    /** The execution's callback endpoints. */
    public Future<List<CallbackQueries.Listed>> callbacks(ExecutionRow e, String after, int limit) {
        return CallbackQueries.list(pool, e.id(), after, limit);
    }

    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

}
