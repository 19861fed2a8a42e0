package dev.baton.taskqueue.repository;

import static dev.baton.taskqueue.repository.Sql.instant;
import static dev.baton.taskqueue.repository.Sql.ts;

import dev.baton.taskqueue.Queue;
import dev.baton.taskqueue.QueueState;
import dev.baton.taskqueue.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every statement on the {@code queue} table. Constants are named {@code Queue<Verb>} after the query, as in
 * riverqueue/river, so that a name in a log or a profile leads straight here. Each method takes the client to run
 * on (pool or transaction) and, where time matters, "now".
 */
public final class QueueQueries {

    static final String COLUMNS = """
            name, state, max_dispatches_per_second, max_burst_size, max_concurrent_dispatches, max_attempts,
            max_retry_duration_ms, min_backoff_ms, max_backoff_ms, max_doublings, tokens, tokens_at,
            throttled_until, purge_time""";

    /** Creates a queue with a full bucket; returns nothing when the name is taken. */
    static final String QueueInsert = """
            INSERT INTO queue (name, state, max_dispatches_per_second, max_burst_size, max_concurrent_dispatches,
                max_attempts, max_retry_duration_ms, min_backoff_ms, max_backoff_ms, max_doublings, tokens, tokens_at,
                create_time, update_time)
            VALUES ($1, 'RUNNING', $2, $3::int, $4, $5, $6, $7, $8, $9, $3::int, $10, $10, $10)
            ON CONFLICT (name) DO NOTHING
            RETURNING\s""" + COLUMNS;

    static final String QueueGet = "SELECT " + COLUMNS + " FROM queue WHERE name = $1";

    /** One page of a location's queues, in name order, after the page token (the last name seen). */
    static final String QueueList = "SELECT " + COLUMNS + """
             FROM queue
            WHERE name LIKE $1 || '/queues/%' AND name > $2 AND ($3::text IS NULL OR state = $3)
            ORDER BY name
            LIMIT $4""";

    /** Replaces the configuration; the bucket is clamped to the (possibly smaller) new burst size. */
    static final String QueueUpdateConfig = """
            UPDATE queue SET max_dispatches_per_second = $2, max_burst_size = $3::int, max_concurrent_dispatches = $4,
                max_attempts = $5, max_retry_duration_ms = $6, min_backoff_ms = $7, max_backoff_ms = $8,
                max_doublings = $9, tokens = LEAST(tokens, $3::int), update_time = $10
            WHERE name = $1
            RETURNING\s""" + COLUMNS;

    /** A state transition guarded by the states it may start from. */
    static final String QueueSetStateIfIn = """
            UPDATE queue SET state = $2, update_time = $4
            WHERE name = $1 AND state = ANY($3::text[])
            RETURNING\s""" + COLUMNS;

    static final String QueueSetPurgeTime = """
            UPDATE queue SET purge_time = $2, update_time = $2 WHERE name = $1 RETURNING\s""" + COLUMNS;

    static final String QueueDelete = "DELETE FROM queue WHERE name = $1";

    /**
     * Serialises claiming per queue across instances: held until the claim's transaction ends, so the next
     * claimer's statements see this one's tokens and leases.
     */
    static final String QueueLockForClaim = "SELECT " + COLUMNS + " FROM queue WHERE name = $1 FOR UPDATE";

    /** Holds back a queue after 429/503; never shortens an existing hold. */
    static final String QueueThrottle = """
            UPDATE queue SET throttled_until = GREATEST(COALESCE(throttled_until, $2), $2)
            WHERE name = $1""";

    /** Every queue with the earliest schedule time of its pending tasks (index lookup per queue). */
    static final String QueueListWithNextDue = """
            SELECT q.name, q.state, q.throttled_until,
                   (SELECT min(t.schedule_time) FROM task t WHERE t.queue_name = q.name AND t.state = 'PENDING') AS next_due,
                   EXISTS (SELECT 1 FROM task t WHERE t.queue_name = q.name AND t.state = 'PENDING'
                        AND t.run_forced) AS forced
            FROM queue q""";

    private QueueQueries() {
    }

    /** @return the created queue, or null when the name is taken */
    public static Future<Queue> insert(SqlClient db, String name, Queue.RateLimits limits, RetryPolicy retry,
            Instant now) {
        return db.preparedQuery(QueueInsert)
                .execute(Tuple.tuple().addString(name).addDouble(limits.maxDispatchesPerSecond())
                        .addInteger(limits.maxBurstSize()).addInteger(limits.maxConcurrentDispatches())
                        .addInteger(retry.maxAttempts()).addLong(retry.maxRetryDuration().toMillis())
                        .addLong(retry.minBackoff().toMillis()).addLong(retry.maxBackoff().toMillis())
                        .addInteger(retry.maxDoublings()).addOffsetDateTime(ts(now)))
                .map(QueueQueries::firstOrNull);
    }

    /** @return the queue, or null */
    public static Future<Queue> get(SqlClient db, String name) {
        return db.preparedQuery(QueueGet).execute(Tuple.of(name)).map(QueueQueries::firstOrNull);
    }

    public static Future<List<Queue>> list(SqlClient db, String parent, String after, QueueState state, int limit) {
        return db.preparedQuery(QueueList)
                .execute(Tuple.of(parent, after, state == null ? null : state.name(), limit))
                .map(rows -> {
                    var out = new ArrayList<Queue>();
                    rows.forEach(r -> out.add(map(r)));
                    return out;
                });
    }

    /** @return the updated queue, or null when it does not exist */
    public static Future<Queue> updateConfig(SqlClient db, String name, Queue.RateLimits limits, RetryPolicy retry,
            Instant now) {
        return db.preparedQuery(QueueUpdateConfig)
                .execute(Tuple.tuple().addString(name).addDouble(limits.maxDispatchesPerSecond())
                        .addInteger(limits.maxBurstSize()).addInteger(limits.maxConcurrentDispatches())
                        .addInteger(retry.maxAttempts()).addLong(retry.maxRetryDuration().toMillis())
                        .addLong(retry.minBackoff().toMillis()).addLong(retry.maxBackoff().toMillis())
                        .addInteger(retry.maxDoublings()).addOffsetDateTime(ts(now)))
                .map(QueueQueries::firstOrNull);
    }

    /** @return the queue after the transition, or null when it does not exist or was not in {@code from} */
    public static Future<Queue> setStateIfIn(SqlClient db, String name, QueueState to, List<QueueState> from,
            Instant now) {
        String[] expected = from.stream().map(Enum::name).toArray(String[]::new);
        return db.preparedQuery(QueueSetStateIfIn)
                .execute(Tuple.of(name, to.name(), expected, ts(now)))
                .map(QueueQueries::firstOrNull);
    }

    public static Future<Queue> setPurgeTime(SqlClient db, String name, Instant now) {
        return db.preparedQuery(QueueSetPurgeTime).execute(Tuple.of(name, ts(now))).map(QueueQueries::firstOrNull);
    }

    /** @return whether a queue was deleted (its tasks go with it) */
    public static Future<Boolean> delete(SqlClient db, String name) {
        return db.preparedQuery(QueueDelete).execute(Tuple.of(name)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * A queue locked for claiming, with its bucket as stored (before this claim's refill).
     *
     * @param queue the queue
     * @param tokens tokens at {@code tokensAt}
     * @param tokensAt when the bucket was last updated
     * @param throttledUntil hold after 429/503, or null
     */
    public record Locked(Queue queue, double tokens, Instant tokensAt, Instant throttledUntil) {
    }

    /** @return the queue, now locked by the caller's transaction; null when it does not exist */
    public static Future<Locked> lockForClaim(SqlClient db, String name) {
        return db.preparedQuery(QueueLockForClaim).execute(Tuple.of(name)).map(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            Row r = it.next();
            return new Locked(map(r), r.getDouble("tokens"), instant(r, "tokens_at"), instant(r, "throttled_until"));
        });
    }

    /** Wakes every dispatcher for a queue (after ResumeQueue). */
    static final String QueueNotify = "SELECT pg_notify('" + TaskQueries.CHANNEL + "', $1)";

    public static Future<Void> notify(SqlClient db, String name) {
        return db.preparedQuery(QueueNotify).execute(Tuple.of(name)).mapEmpty();
    }

    public static Future<Void> throttle(SqlClient db, String name, Instant until) {
        return db.preparedQuery(QueueThrottle).execute(Tuple.of(name, ts(until))).mapEmpty();
    }

    /**
     * Where a queue stands for the dispatcher's poll.
     *
     * @param name queue name
     * @param state queue state
     * @param throttledUntil hold after 429/503, or null
     * @param nextDue earliest pending schedule time, or null without pending tasks
     * @param forced whether a RunTask is waiting
     */
    public record DueInfo(String name, QueueState state, Instant throttledUntil, Instant nextDue, boolean forced) {
    }

    public static Future<List<DueInfo>> listWithNextDue(SqlClient db) {
        return db.query(QueueListWithNextDue).execute().map(rows -> {
            var out = new ArrayList<DueInfo>();
            rows.forEach(r -> out.add(new DueInfo(r.getString("name"), QueueState.valueOf(r.getString("state")),
                    instant(r, "throttled_until"), instant(r, "next_due"), Boolean.TRUE.equals(r.getBoolean("forced")))));
            return out;
        });
    }

    private static Queue firstOrNull(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? map(it.next()) : null;
    }

    static Queue map(Row r) {
        return new Queue(r.getString("name"), QueueState.valueOf(r.getString("state")),
                new Queue.RateLimits(r.getDouble("max_dispatches_per_second"), r.getInteger("max_burst_size"),
                        r.getInteger("max_concurrent_dispatches")),
                new RetryPolicy(r.getInteger("max_attempts"), Duration.ofMillis(r.getLong("max_retry_duration_ms")),
                        Duration.ofMillis(r.getLong("min_backoff_ms")), Duration.ofMillis(r.getLong("max_backoff_ms")),
                        r.getInteger("max_doublings")),
                instant(r, "purge_time"));
    }
}
