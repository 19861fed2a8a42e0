package dev.baton.taskqueue.repository;

import static dev.baton.taskqueue.repository.Sql.instant;
import static dev.baton.taskqueue.repository.Sql.ts;

import dev.baton.taskqueue.Task;
import dev.baton.taskqueue.TaskState;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every statement on the {@code task} table, named {@code Task<Verb>} (riverqueue/river style). State changes are
 * guarded by the expected state (and, for an attempt's outcome, by the attempt number), so a late or duplicate
 * outcome changes nothing. Every method takes "now" from its caller.
 */
public final class TaskQueries {

    /** Name of the LISTEN/NOTIFY channel; the payload is the queue name. */
    public static final String CHANNEL = "baton_task_queue";

    static final String COLUMNS = """
            id, queue_name, task_id, state, http_method, url, headers, body, oidc_service_account, oidc_audience,
            dispatch_deadline_ms, report_url, traceparent, tracestate, schedule_time, create_time, dispatch_count,
            response_count, execution_count, attempt_schedule_time, attempt_dispatch_time,
            first_attempt_schedule_time, first_attempt_dispatch_time, first_attempt_response_time, first_attempt_status,
            last_attempt_schedule_time, last_attempt_dispatch_time, last_attempt_response_time, last_attempt_status,
            last_attempt_error, last_response_body, retry_reason""";

    /** Frees a name whose tombstone has outlived the de-dup window, so TaskInsert can take it. */
    static final String TaskDeleteExpiredTombstone = """
            DELETE FROM task WHERE queue_name = $1 AND task_id = $2
                AND state IN ('SUCCEEDED', 'FAILED', 'DELETED') AND reserved_until <= $3""";

    /**
     * Adds a task; returns nothing when the name is taken (live or reserved). Fails with a foreign-key violation
     * when the queue does not exist, which saves a lookup per task. Dispatchers are woken separately and in batches
     * ({@code TaskNotify}): a NOTIFY in every insert would serialise all inserting commits on PostgreSQL's notify
     * lock.
     */
    static final String TaskInsert = """
            INSERT INTO task (queue_name, task_id, state, http_method, url, headers, body, oidc_service_account,
                oidc_audience, dispatch_deadline_ms, report_url, traceparent, tracestate, schedule_time, create_time)
            VALUES ($1, $2, 'PENDING', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT (queue_name, task_id) DO NOTHING
            RETURNING\s""" + COLUMNS;

    /**
     * Wakes every instance's dispatcher for a batch of queues: one NOTIFY per distinct queue, payload
     * {@code queue|instance} so the sender can ignore its own.
     */
    static final String TaskNotify = """
            SELECT count(pg_notify('%s', q || '|' || $2)) AS n FROM (SELECT DISTINCT unnest($1::text[]) AS q) queues"""
            .formatted(CHANNEL);

    /** A live task (PENDING or RUNNING). */
    static final String TaskGet = "SELECT " + COLUMNS
            + " FROM task WHERE queue_name = $1 AND task_id = $2 AND state IN ('PENDING', 'RUNNING')";

    /**
     * One page of a queue's live tasks in creation order, after the page token (the last row id seen). One branch per
     * live state, so that each reads its partial index: {@code state IN (...)} scanned the whole table, tombstones
     * (an hour of finished tasks) included.
     */
    static final String TaskList = "SELECT " + COLUMNS + """
             FROM task WHERE id IN (
                SELECT id FROM task WHERE queue_name = $1 AND state = 'PENDING' AND id > $2
                UNION ALL
                SELECT id FROM task WHERE queue_name = $1 AND state = 'RUNNING' AND id > $2
                ORDER BY id LIMIT $3)
            ORDER BY id""";

    /** Report rows for tasks that just became DELETED; appended to the deleting statements. */
    private static final String REPORT_FOR_DELETED = """
            , reports AS (
                INSERT INTO completion_report (task_row_id, task_name, url, outcome, dispatch_count, response_count,
                    last_status, last_error, last_body, task_final_time, traceparent, state, next_attempt_at, create_time)
                SELECT d.id, d.queue_name || '/tasks/' || d.task_id, d.report_url, 'DELETED', d.dispatch_count,
                    d.response_count, d.last_attempt_status, d.last_attempt_error, d.last_response_body, $3,
                    d.traceparent, 'PENDING', $3, $3
                FROM del d WHERE d.report_url IS NOT NULL
                ON CONFLICT (task_row_id) DO NOTHING
            )
            """;

    /** DeleteTask: a live task becomes a tombstone that reserves its name until $4. */
    static final String TaskDeleteIfLive = """
            WITH del AS (
                UPDATE task SET state = 'DELETED', lease_expires_at = NULL, final_time = $3, reserved_until = $4,
                    run_forced = false
                WHERE queue_name = $1 AND task_id = $2 AND state IN ('PENDING', 'RUNNING')
                RETURNING *
            )""" + REPORT_FOR_DELETED + "SELECT count(*) AS n FROM del";

    /** PurgeQueue: every live task of the queue becomes a tombstone ($2 is unused, kept for one parameter list). */
    static final String TaskDeleteAllLiveInQueue = """
            WITH del AS (
                UPDATE task SET state = 'DELETED', lease_expires_at = NULL, final_time = $3, reserved_until = $4,
                    run_forced = false
                WHERE id IN (SELECT id FROM task WHERE queue_name = $1 AND state = 'PENDING'
                             UNION ALL SELECT id FROM task WHERE queue_name = $1 AND state = 'RUNNING')
                    AND state IN ('PENDING', 'RUNNING') AND $2::text IS NULL
                RETURNING *
            )""" + REPORT_FOR_DELETED + "SELECT count(*) AS n FROM del";

    /** RunTask: dispatch a pending task now, bypassing pause and rate limits. */
    static final String TaskForceRun = """
            WITH upd AS (
                UPDATE task SET run_forced = true
                WHERE queue_name = $1 AND task_id = $2 AND state IN ('PENDING', 'RUNNING')
                RETURNING\s""" + COLUMNS + """
            )
            SELECT upd.*, pg_notify('%s', upd.queue_name) FROM upd""".formatted(CHANNEL);

    /**
     * The one claiming statement: run right after QueueLockForClaim in the same transaction (see
     * {@link #claimInOneRoundTrip}), so its snapshot includes every other instance's claims. It refills the queue's token bucket to "now", takes as many due tasks
     * as tokens, free concurrency and the caller's free slots allow (plus RunTask-forced tasks, which bypass pause
     * and limits), leases them, stores the spent bucket, and returns the leased rows.
     * $1 queue, $2 now, $3 caller's free slots, $4 lease grace in ms.
     */
    static final String TaskClaimAvailable = """
            WITH q AS (
                SELECT state, max_concurrent_dispatches,
                       LEAST(max_burst_size::float8, tokens + max_dispatches_per_second
                             * GREATEST(0, EXTRACT(EPOCH FROM ($2::timestamptz - tokens_at)))::float8) AS avail,
                       COALESCE(throttled_until > $2, false) AS throttled,
                       -- The time this claim takes tokens at: never before the claim that last took some, whose
                       -- instance may have a clock ahead or have read it later, so stored dispatch times follow
                       -- the bucket exactly (at most burst + rate * window in any window).
                       GREATEST($2::timestamptz, tokens_at) AS at
                FROM queue WHERE name = $1
            ), running AS (
                SELECT count(*)::int AS n FROM task
                WHERE queue_name = $1 AND state = 'RUNNING' AND lease_expires_at > $2
            ), lim AS (
                SELECT CASE WHEN q.state = 'RUNNING' AND NOT q.throttled
                            THEN GREATEST(0, LEAST(floor(q.avail)::int, q.max_concurrent_dispatches - running.n, $3::int))
                            ELSE 0 END AS n
                FROM q, running
            ), due AS (
                SELECT id FROM task
                WHERE queue_name = $1 AND state = 'PENDING' AND schedule_time <= $2
                ORDER BY schedule_time, id
                LIMIT (SELECT n FROM lim)
                FOR UPDATE SKIP LOCKED
            ), forced AS (
                SELECT id FROM task
                WHERE queue_name = $1 AND state = 'PENDING' AND run_forced
                ORDER BY id
                LIMIT $3
                FOR UPDATE SKIP LOCKED
            ), picked AS (
                SELECT id FROM due UNION SELECT id FROM forced
            ), claimed AS (
                UPDATE task t SET state = 'RUNNING', run_forced = false, dispatch_count = t.dispatch_count + 1,
                    lease_expires_at = (SELECT at FROM q)
                        + make_interval(secs => (t.dispatch_deadline_ms + $4::bigint) / 1000.0),
                    attempt_schedule_time = t.schedule_time, attempt_dispatch_time = (SELECT at FROM q)
                -- By primary key: a join with the CTE lets the planner pick a scan of the whole table.
                WHERE t.id = ANY (ARRAY(SELECT id FROM picked))
                RETURNING\s""" + prefixed("t") + """
            ), bucket AS (
                -- Only a claim that spent tokens stores the bucket: the refill is computed from tokens_at, so a claim
                -- that took nothing (paused, held, empty) leaves the row alone and writes nothing.
                -- tokens_at never moves back, so an instance whose clock lags cannot refill the bucket twice.
                UPDATE queue SET tokens = GREATEST(0, (SELECT avail FROM q) - (SELECT count(*) FROM due)),
                    tokens_at = GREATEST(tokens_at, $2)
                WHERE name = $1 AND EXISTS (SELECT 1 FROM due)
            )
            SELECT * FROM claimed""";

    /** Earliest schedule time of the queue's pending tasks, for the dispatcher's timer. */
    static final String TaskNextDue = """
            SELECT min(schedule_time) AS next_due FROM task WHERE queue_name = $1 AND state = 'PENDING'""";

    /**
     * Records a batch of attempt outcomes in one statement. A row changes only if it is still RUNNING with the
     * attempt number the outcome belongs to. Tasks that reached a final state and name a report URL get their
     * completion report row in the same statement, so a task can never finish without its report.
     */
    static final String TaskCompleteIfRunning = """
            WITH i AS (
                SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::timestamptz[], $5::timestamptz[],
                    $6::int[], $7::text[], $8::bytea[], $9::text[])
                    AS i(id, dispatch_count, new_state, next_schedule, response_time, status, error, body, retry_reason)
            ), done AS (
                UPDATE task t SET
                    state = i.new_state,
                    schedule_time = COALESCE(i.next_schedule, t.schedule_time),
                    lease_expires_at = NULL,
                    response_count = t.response_count + (i.status IS NOT NULL)::int,
                    execution_count = t.execution_count + (i.status IS NOT NULL AND i.status < 500)::int,
                    first_attempt_schedule_time = COALESCE(t.first_attempt_schedule_time, t.attempt_schedule_time),
                    first_attempt_response_time = CASE WHEN t.first_attempt_dispatch_time IS NULL
                        THEN i.response_time ELSE t.first_attempt_response_time END,
                    first_attempt_status = CASE WHEN t.first_attempt_dispatch_time IS NULL
                        THEN i.status ELSE t.first_attempt_status END,
                    first_attempt_dispatch_time = COALESCE(t.first_attempt_dispatch_time, t.attempt_dispatch_time),
                    last_attempt_schedule_time = t.attempt_schedule_time,
                    last_attempt_dispatch_time = t.attempt_dispatch_time,
                    last_attempt_response_time = i.response_time,
                    last_attempt_status = i.status,
                    last_attempt_error = i.error,
                    last_response_body = i.body,
                    retry_reason = i.retry_reason,
                    final_time = CASE WHEN i.new_state IN ('SUCCEEDED', 'FAILED') THEN i.response_time END,
                    reserved_until = CASE WHEN i.new_state IN ('SUCCEEDED', 'FAILED')
                        THEN i.response_time + make_interval(secs => $10::bigint / 1000.0) END
                FROM i
                WHERE t.id = i.id AND t.state = 'RUNNING' AND t.dispatch_count = i.dispatch_count
                RETURNING t.*
            ), reports AS (
                INSERT INTO completion_report (task_row_id, task_name, url, outcome, dispatch_count, response_count,
                    last_status, last_error, last_body, task_final_time, traceparent, state, next_attempt_at, create_time)
                SELECT d.id, d.queue_name || '/tasks/' || d.task_id, d.report_url, d.state, d.dispatch_count,
                    d.response_count, d.last_attempt_status, d.last_attempt_error, d.last_response_body, d.final_time,
                    d.traceparent, 'PENDING', d.final_time, d.final_time
                FROM done d WHERE d.report_url IS NOT NULL AND d.state IN ('SUCCEEDED', 'FAILED')
                ON CONFLICT (task_row_id) DO NOTHING
                RETURNING id
            )
            SELECT (SELECT count(*) FROM done) AS updated, (SELECT count(*) FROM reports) AS reports""";

    /**
     * Gives back tasks whose lease expired (their dispatcher died or hung): due again now, in the same
     * attempt count, with the reason recorded for X-CloudTasks-TaskRetryReason.
     */
    static final String TaskRescueExpiredLeases = """
            WITH r AS (
                UPDATE task SET state = 'PENDING', lease_expires_at = NULL, schedule_time = $1,
                    retry_reason = 'LEASE_EXPIRED'
                WHERE id IN (SELECT id FROM task WHERE state = 'RUNNING' AND lease_expires_at <= $1
                             ORDER BY lease_expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
                RETURNING queue_name
            )
            SELECT DISTINCT queue_name FROM r""";

    /** Forgets tombstones past the de-dup window, in bounded batches. */
    static final String TaskDeleteExpiredTombstones = """
            DELETE FROM task WHERE id IN (
                SELECT id FROM task WHERE state IN ('SUCCEEDED', 'FAILED', 'DELETED') AND reserved_until <= $1
                LIMIT $2)""";

    /** Live tasks per queue, for the depth gauge; per state, so that only the partial indexes are read. */
    static final String TaskCountLiveByQueue = """
            SELECT queue_name, sum(n)::bigint AS n FROM (
                SELECT queue_name, count(*) AS n FROM task WHERE state = 'PENDING' GROUP BY queue_name
                UNION ALL
                SELECT queue_name, count(*) AS n FROM task WHERE state = 'RUNNING' GROUP BY queue_name) live
            GROUP BY queue_name""";

    private TaskQueries() {
    }

    private static String prefixed(String alias) {
        var sb = new StringBuilder();
        for (String column : COLUMNS.split(",")) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(alias).append('.').append(column.strip());
        }
        return sb.toString();
    }

    /** A task to insert. */
    public record NewTask(String queueName, String taskId, String httpMethod, String url, Map<String, String> headers,
            byte[] body, Task.Oidc oidc, Duration dispatchDeadline, String reportUrl, String traceparent,
            String tracestate, Instant scheduleTime) {
    }

    /** @return whether an expired tombstone was removed (the name is free again) */
    public static Future<Boolean> deleteExpiredTombstone(SqlClient db, String queueName, String taskId, Instant now) {
        return db.preparedQuery(TaskDeleteExpiredTombstone).execute(Tuple.of(queueName, taskId, ts(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    public static Future<Void> notify(SqlClient db, List<String> queueNames, String instance) {
        return db.preparedQuery(TaskNotify).execute(Tuple.of(queueNames.toArray(String[]::new), instance)).mapEmpty();
    }

    /** @return the stored task, or null when the name is taken */
    public static Future<Task> insert(SqlClient db, NewTask t, Instant now) {
        var headers = new JsonObject();
        t.headers().forEach(headers::put);
        Tuple params = Tuple.tuple()
                .addString(t.queueName()).addString(t.taskId()).addString(t.httpMethod()).addString(t.url())
                .addValue(headers).addValue(t.body() == null ? null : Buffer.buffer(t.body()))
                .addString(t.oidc() == null ? null : t.oidc().serviceAccountEmail())
                .addString(t.oidc() == null ? null : t.oidc().audience())
                .addInteger((int) t.dispatchDeadline().toMillis()).addString(t.reportUrl())
                .addString(t.traceparent()).addString(t.tracestate())
                .addOffsetDateTime(ts(t.scheduleTime())).addOffsetDateTime(ts(now));
        return db.preparedQuery(TaskInsert).execute(params).map(TaskQueries::firstOrNull);
    }

    /** @return the live task, or null */
    public static Future<Task> get(SqlClient db, String queueName, String taskId) {
        return db.preparedQuery(TaskGet).execute(Tuple.of(queueName, taskId)).map(TaskQueries::firstOrNull);
    }

    public static Future<List<Task>> list(SqlClient db, String queueName, long afterId, int limit) {
        return db.preparedQuery(TaskList).execute(Tuple.of(queueName, afterId, limit)).map(TaskQueries::all);
    }

    /** @return whether a live task was deleted */
    public static Future<Boolean> deleteIfLive(SqlClient db, String queueName, String taskId, Instant now,
            Instant reservedUntil) {
        return db.preparedQuery(TaskDeleteIfLive)
                .execute(Tuple.of(queueName, taskId, ts(now), ts(reservedUntil)))
                .map(rows -> rows.iterator().next().getLong("n") == 1);
    }

    /** @return how many live tasks were deleted */
    public static Future<Long> deleteAllLiveInQueue(SqlClient db, String queueName, Instant now, Instant reservedUntil) {
        return db.preparedQuery(TaskDeleteAllLiveInQueue)
                .execute(Tuple.of(queueName, null, ts(now), ts(reservedUntil)))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** @return the task, or null when it is not live */
    public static Future<Task> forceRun(SqlClient db, String queueName, String taskId) {
        return db.preparedQuery(TaskForceRun).execute(Tuple.of(queueName, taskId)).map(TaskQueries::firstOrNull);
    }

    /**
     * What one claim saw and took.
     *
     * @param locked the queue as locked, with its bucket before the claim; null when the queue does not exist
     * @param tasks the leased tasks
     */
    public record Claimed(QueueQueries.Locked locked, List<Task> tasks) {
    }

    /**
     * A whole claim in one round trip ({@link Sql#inOneRoundTrip}): {@code QueueLockForClaim} then
     * {@code TaskClaimAvailable}. PostgreSQL runs them one after the other, so the claim's snapshot is taken once the
     * queue-row lock is held, exactly as in a conversational transaction, but the dispatcher waits for one answer
     * instead of four, and not for a WAL flush: a claim lost in a PostgreSQL crash only means the task is dispatched
     * again. When a statement fails the claim fails: nothing is dispatched, nothing stays leased.
     */
    public static Future<Claimed> claimInOneRoundTrip(Pool pool, String queueName, Instant now, int freeSlots,
            Duration leaseGrace) {
        return Sql.inOneRoundTrip(pool, false, conn -> {
            Future<QueueQueries.Locked> locked = QueueQueries.lockForClaim(conn, queueName);
            Future<List<Task>> tasks = claimAvailable(conn, queueName, now, freeSlots, leaseGrace);
            return Future.join(locked, tasks)
                    .map(both -> new Claimed(locked.result(), locked.result() == null ? List.of() : tasks.result()));
        });
    }

    /**
     * {@link #completeIfRunning} for the dispatcher: one round trip, and the COMMIT does not wait for the WAL flush.
     * An outcome lost in a PostgreSQL crash leaves its task RUNNING until the lease ends, and it is dispatched
     * again (with its report, if it has one, written again with the outcome): at least once still holds.
     */
    public static Future<CompletionResult> recordOutcomes(Pool pool, List<Outcome> outcomes, Duration dedupWindow) {
        return Sql.inOneRoundTrip(pool, false, conn -> completeIfRunning(conn, outcomes, dedupWindow));
    }



    /** Run inside a transaction right after {@link QueueQueries#lockForClaim}. */
    public static Future<List<Task>> claimAvailable(SqlClient db, String queueName, Instant now, int freeSlots,
            Duration leaseGrace) {
        return db.preparedQuery(TaskClaimAvailable)
                .execute(Tuple.of(queueName, ts(now), freeSlots, leaseGrace.toMillis()))
                .map(TaskQueries::all);
    }

    /** @return the earliest pending schedule time, or null */
    public static Future<Instant> nextDue(SqlClient db, String queueName) {
        return db.preparedQuery(TaskNextDue).execute(Tuple.of(queueName))
                .map(rows -> instant(rows.iterator().next(), "next_due"));
    }

    /**
     * The outcome of one attempt.
     *
     * @param rowId task row
     * @param dispatchCount the attempt number it belongs to
     * @param newState PENDING (retry), SUCCEEDED or FAILED
     * @param nextSchedule retry time when PENDING, else null
     * @param responseTime when the outcome was known
     * @param status HTTP status, or null without a response
     * @param error what failed without a response, or null
     * @param body bounded response body, or null
     * @param retryReason reason sent with the next attempt, or null
     */
    public record Outcome(long rowId, int dispatchCount, TaskState newState, Instant nextSchedule, Instant responseTime,
            Integer status, String error, byte[] body, String retryReason) {
    }

    /**
     * Counts of a completion batch.
     *
     * @param updated outcomes applied (the rest were stale)
     * @param reports completion reports created
     */
    public record CompletionResult(long updated, long reports) {
    }

    public static Future<CompletionResult> completeIfRunning(SqlClient db, List<Outcome> outcomes,
            Duration dedupWindow) {
        int n = outcomes.size();
        Long[] ids = new Long[n];
        Integer[] counts = new Integer[n];
        String[] states = new String[n];
        OffsetDateTime[] next = new OffsetDateTime[n];
        OffsetDateTime[] responded = new OffsetDateTime[n];
        Integer[] statuses = new Integer[n];
        String[] errors = new String[n];
        Buffer[] bodies = new Buffer[n];
        String[] reasons = new String[n];
        for (int k = 0; k < n; k++) {
            Outcome o = outcomes.get(k);
            ids[k] = o.rowId();
            counts[k] = o.dispatchCount();
            states[k] = o.newState().name();
            next[k] = ts(o.nextSchedule());
            responded[k] = ts(o.responseTime());
            statuses[k] = o.status();
            errors[k] = o.error();
            bodies[k] = o.body() == null ? null : Buffer.buffer(o.body());
            reasons[k] = o.retryReason();
        }
        Tuple params = Tuple.tuple().addArrayOfLong(ids).addArrayOfInteger(counts).addArrayOfString(states)
                .addArrayOfOffsetDateTime(next).addArrayOfOffsetDateTime(responded).addArrayOfInteger(statuses)
                .addArrayOfString(errors).addArrayOfBuffer(bodies).addArrayOfString(reasons)
                .addLong(dedupWindow.toMillis());
        return db.preparedQuery(TaskCompleteIfRunning).execute(params).map(rows -> {
            Row r = rows.iterator().next();
            return new CompletionResult(r.getLong("updated"), r.getLong("reports"));
        });
    }

    /** @return the queues that got tasks back */
    public static Future<List<String>> rescueExpiredLeases(SqlClient db, Instant now, int limit) {
        return db.preparedQuery(TaskRescueExpiredLeases).execute(Tuple.of(ts(now), limit)).map(rows -> {
            var out = new ArrayList<String>();
            rows.forEach(r -> out.add(r.getString("queue_name")));
            return out;
        });
    }

    /** @return how many tombstones were removed */
    public static Future<Integer> deleteExpiredTombstones(SqlClient db, Instant now, int limit) {
        return db.preparedQuery(TaskDeleteExpiredTombstones).execute(Tuple.of(ts(now), limit))
                .map(RowSet::rowCount);
    }

    public static Future<Map<String, Long>> countLiveByQueue(SqlClient db) {
        return db.query(TaskCountLiveByQueue).execute().map(rows -> {
            var out = new LinkedHashMap<String, Long>();
            rows.forEach(r -> out.put(r.getString("queue_name"), r.getLong("n")));
            return out;
        });
    }

    private static Task firstOrNull(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? map(it.next()) : null;
    }

    private static List<Task> all(RowSet<Row> rows) {
        var out = new ArrayList<Task>(rows.size());
        rows.forEach(r -> out.add(map(r)));
        return out;
    }

    static Task map(Row r) {
        var headers = new LinkedHashMap<String, String>();
        JsonObject json = (JsonObject) r.getValue("headers");
        if (json != null) {
            json.forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
        }
        Buffer body = r.getBuffer("body");
        Buffer lastBody = r.getBuffer("last_response_body");
        String sa = r.getString("oidc_service_account");
        Task.Attempt first = instant(r, "first_attempt_dispatch_time") == null ? null
                : new Task.Attempt(instant(r, "first_attempt_schedule_time"), instant(r, "first_attempt_dispatch_time"),
                        instant(r, "first_attempt_response_time"), r.getInteger("first_attempt_status"), null);
        Task.Attempt last = instant(r, "last_attempt_dispatch_time") == null ? null
                : new Task.Attempt(instant(r, "last_attempt_schedule_time"), instant(r, "last_attempt_dispatch_time"),
                        instant(r, "last_attempt_response_time"), r.getInteger("last_attempt_status"),
                        r.getString("last_attempt_error"));
        return new Task(r.getLong("id"), r.getString("queue_name"), r.getString("task_id"),
                TaskState.valueOf(r.getString("state")), r.getString("http_method"), r.getString("url"), headers,
                body == null ? null : body.getBytes(),
                sa == null ? null : new Task.Oidc(sa, r.getString("oidc_audience")),
                Duration.ofMillis(r.getInteger("dispatch_deadline_ms")), r.getString("report_url"),
                r.getString("traceparent"), r.getString("tracestate"), instant(r, "schedule_time"),
                instant(r, "create_time"), r.getInteger("dispatch_count"), r.getInteger("response_count"),
                r.getInteger("execution_count"), first, last, instant(r, "attempt_schedule_time"),
                instant(r, "attempt_dispatch_time"), r.getString("retry_reason"),
                lastBody == null ? null : lastBody.getBytes());
    }
}
