package dev.baton.taskqueue.repository;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Function;

/**
 * Conversions between Java time and the pg client's types, and the pipelined transaction, shared by the
 * {@code *Queries} classes.
 */
final class Sql {

    private Sql() {
    }

    /** Opens a transaction whose COMMIT does not wait for the WAL flush; one message, two utility statements. */
    private static final String BEGIN_ASYNC_COMMIT = "BEGIN; SET LOCAL synchronous_commit TO off";

    /**
     * Runs {@code statements} as one transaction in one round trip: BEGIN, the statements and COMMIT are written to one
     * connection without waiting for each answer (the pg client pipelines them), and PostgreSQL runs them in order.
     * {@code statements} must issue its statements at once and combine their futures, not chain them. If any fails,
     * COMMIT ends the transaction as a rollback and the result fails.
     *
     * @param durable false for writes that at-least-once delivery can afford to lose in a PostgreSQL crash (a lost
     *        claim or outcome only means the task is dispatched again): their COMMIT does not wait for the WAL
     *        flush ({@code synchronous_commit = off}); they are still atomic and visible to every instance at once
     */
    static <T> Future<T> inOneRoundTrip(Pool pool, boolean durable, Function<SqlConnection, Future<T>> statements) {
        return pool.getConnection().compose(conn -> {
            Future<RowSet<Row>> begin = conn.query(durable ? "BEGIN" : BEGIN_ASYNC_COMMIT).execute();
            Future<T> issued;
            try {
                issued = statements.apply(conn);
            } catch (RuntimeException e) {
                issued = Future.failedFuture(e);
                conn.query("ROLLBACK").execute();
            }
            Future<T> result = issued;
            Future<RowSet<Row>> commit = conn.query("COMMIT").execute();
            return Future.join(begin, result, commit)
                    .eventually(() -> conn.close())
                    .map(all -> result.result());
        });
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
