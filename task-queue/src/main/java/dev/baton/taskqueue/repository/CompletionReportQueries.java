package dev.baton.taskqueue.repository;

import static dev.baton.taskqueue.repository.Sql.instant;
import static dev.baton.taskqueue.repository.Sql.ts;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every statement on the {@code completion_report} outbox, named {@code CompletionReport<Verb>}. Rows are inserted
 * by {@link TaskQueries} in the statement that finishes their task; this class moves them through delivery.
 */
public final class CompletionReportQueries {

    /** Leases due reports (and ones whose lease expired) to one deliverer; $1 now, $2 limit, $3 lease ms. */
    static final String CompletionReportClaimAvailable = """
            UPDATE completion_report r SET state = 'RUNNING', attempts = r.attempts + 1,
                lease_expires_at = $1 + make_interval(secs => $3::bigint / 1000.0)
            WHERE r.id IN (
                SELECT id FROM completion_report
                WHERE (state = 'PENDING' AND next_attempt_at <= $1) OR (state = 'RUNNING' AND lease_expires_at <= $1)
                ORDER BY next_attempt_at, id
                LIMIT $2
                FOR UPDATE SKIP LOCKED)
            RETURNING r.id, r.task_name, r.url, r.outcome, r.dispatch_count, r.response_count, r.last_status,
                r.last_error, r.last_body, r.task_final_time, r.traceparent, r.attempts, r.create_time""";

    static final String CompletionReportMarkDelivered = """
            UPDATE completion_report SET state = 'DELIVERED', lease_expires_at = NULL, delivered_time = $3,
                last_report_status = $4, last_report_error = NULL
            WHERE id = $1 AND state = 'RUNNING' AND attempts = $2""";

    /** A failed delivery: back to PENDING at $3, or ABANDONED when $5 says the budget is spent. */
    static final String CompletionReportMarkFailed = """
            UPDATE completion_report SET state = CASE WHEN $5 THEN 'ABANDONED' ELSE 'PENDING' END,
                lease_expires_at = NULL, next_attempt_at = $3, last_report_status = $4, last_report_error = $6
            WHERE id = $1 AND state = 'RUNNING' AND attempts = $2""";

    /** Earliest due report, for the deliverer's timer. */
    static final String CompletionReportNextDue = """
            SELECT min(next_attempt_at) AS next_due FROM completion_report WHERE state = 'PENDING'""";

    /** Forgets delivered reports older than $1, in batches of $2. */
    static final String CompletionReportDeleteDelivered = """
            DELETE FROM completion_report WHERE id IN (
                SELECT id FROM completion_report WHERE state = 'DELIVERED' AND delivered_time <= $1 LIMIT $2)""";

    private CompletionReportQueries() {
    }

    /**
     * A leased report.
     *
     * @param id row id (also the report's idempotency key)
     * @param taskName full task name
     * @param url where to post it
     * @param outcome SUCCEEDED, FAILED or DELETED
     * @param dispatchCount attempts of the task
     * @param responseCount attempts that got a response
     * @param lastStatus HTTP status of the task's last response, or null
     * @param lastError what failed without a response, or null
     * @param lastBody bounded body of the last response, or null
     * @param taskFinalTime when the task reached its final state
     * @param traceparent the task's trace context, or null
     * @param attempts delivery attempts including this one
     * @param createTime when the report was created
     */
    public record Report(long id, String taskName, String url, String outcome, int dispatchCount, int responseCount,
            Integer lastStatus, String lastError, byte[] lastBody, Instant taskFinalTime, String traceparent,
            int attempts, Instant createTime) {
    }

    public static Future<List<Report>> claimAvailable(SqlClient db, Instant now, int limit, Duration lease) {
        return db.preparedQuery(CompletionReportClaimAvailable).execute(Tuple.of(ts(now), limit, lease.toMillis()))
                .map(rows -> {
                    var out = new ArrayList<Report>();
                    for (Row r : rows) {
                        Buffer body = r.getBuffer("last_body");
                        out.add(new Report(r.getLong("id"), r.getString("task_name"), r.getString("url"),
                                r.getString("outcome"), r.getInteger("dispatch_count"), r.getInteger("response_count"),
                                r.getInteger("last_status"), r.getString("last_error"),
                                body == null ? null : body.getBytes(), instant(r, "task_final_time"),
                                r.getString("traceparent"), r.getInteger("attempts"), instant(r, "create_time")));
                    }
                    return out;
                });
    }

    public static Future<Boolean> markDelivered(SqlClient db, long id, int attempts, Instant now, int status) {
        return db.preparedQuery(CompletionReportMarkDelivered).execute(Tuple.of(id, attempts, ts(now), status))
                .map(rows -> rows.rowCount() == 1);
    }

    public static Future<Boolean> markFailed(SqlClient db, long id, int attempts, Instant nextAttempt, Integer status,
            boolean abandon, String error) {
        return db.preparedQuery(CompletionReportMarkFailed)
                .execute(Tuple.of(id, attempts, ts(nextAttempt), status, abandon, error))
                .map(rows -> rows.rowCount() == 1);
    }

    /** @return the earliest pending report's due time, or null */
    public static Future<Instant> nextDue(SqlClient db) {
        return db.query(CompletionReportNextDue).execute().map(rows -> instant(rows.iterator().next(), "next_due"));
    }

    public static Future<Integer> deleteDelivered(SqlClient db, Instant olderThan, int limit) {
        return db.preparedQuery(CompletionReportDeleteDelivered).execute(Tuple.of(ts(olderThan), limit))
                .map(rows -> rows.rowCount());
    }
}
