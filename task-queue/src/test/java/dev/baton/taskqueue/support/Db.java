package dev.baton.taskqueue.support;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads stored rows in tests, so assertions are about what the service wrote rather than what it answered. */
public final class Db {

    private Db() {
    }

    public static List<Row> rows(Pool pool, String sql, Object... params) {
        var rows = pool.preparedQuery(sql).execute(Tuple.from(params)).toCompletionStage().toCompletableFuture()
                .join();
        var out = new ArrayList<Row>();
        rows.forEach(out::add);
        return out;
    }

    /** The single row of a query, or null when there is none. */
    public static Row one(Pool pool, String sql, Object... params) {
        List<Row> rows = rows(pool, sql, params);
        if (rows.size() > 1) {
            throw new AssertionError(rows.size() + " rows for " + sql);
        }
        return rows.isEmpty() ? null : rows.getFirst();
    }

    /** The task row (live or tombstone) of a task id in a queue, or null. */
    public static Row task(Pool pool, String queue, String taskId) {
        return one(pool, "SELECT * FROM task WHERE queue_name = $1 AND task_id = $2", queue, taskId);
    }

    public static List<Row> reports(Pool pool, String taskName) {
        return rows(pool, "SELECT * FROM completion_report WHERE task_name = $1 ORDER BY id", taskName);
    }

    public static Instant instant(Row row, String column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    public static String state(Pool pool, String queue, String taskId) {
        Row r = task(pool, queue, taskId);
        return r == null ? null : r.getString("state");
    }
}
