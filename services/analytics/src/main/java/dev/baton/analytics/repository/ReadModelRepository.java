package dev.baton.analytics.repository;

import dev.baton.analytics.Granularity;
import dev.baton.analytics.PaymentOutcome;
import dev.baton.analytics.RefundKind;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Persistence of the event log and the read model. Writes take the caller's transaction; queries use the pool. */
@ApplicationScoped
public class ReadModelRepository {

    /** One logged event. */
    public record LoggedEvent(long seq, String type, OffsetDateTime time, JsonObject data) {
    }

    /**
     * One revenue bucket: captures of succeeded payments, and the refunds made in it by {@link RefundKind} (customer
     * refunds of succeeded payments, compensations of failed ones, refunds whose payment outcome is not known yet).
     */
    public record RevenueRow(OffsetDateTime bucketStart, String currency, long capturedMinor, int payments,
            long refundedMinor, int refunds, long compensationRefundedMinor, int compensationRefunds,
            long unmatchedRefundedMinor, int unmatchedRefunds) {
    }

    /** Refunds of one currency: how many, and how much in minor units. */
    public record RefundTotal(String currency, long count, long amountMinor) {
    }

    /** Saga duration statistics; the percentiles are null when there were no runs. */
    public record Durations(long runs, Long p50, Long p90, Long p99, Long max) {
    }

    private final Pool pool;

    public ReadModelRepository(Pool pool) {
        this.pool = pool;
    }

    /** @return false when the event was logged before */
    public Uni<Boolean> log(SqlConnection tx, String source, String id, String type, OffsetDateTime time, JsonObject data) {
        return tx.preparedQuery(ReadModelQueries.EVENT_LOG_INSERT)
                .execute(Tuple.of(source, id, type, time, data)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> lockAndTruncateForRebuild(SqlConnection tx) {
        return tx.query(ReadModelQueries.EVENT_LOG_LOCK_FOR_REBUILD).execute()
                .flatMap(ignored -> tx.query(ReadModelQueries.READ_MODEL_TRUNCATE).execute()).replaceWithVoid();
    }

    public Uni<List<LoggedEvent>> page(SqlConnection tx, long afterSeq, int limit) {
        return tx.preparedQuery(ReadModelQueries.EVENT_LOG_PAGE).execute(Tuple.of(afterSeq, limit)).map(rows -> {
            var out = new ArrayList<LoggedEvent>();
            rows.forEach(r -> out.add(new LoggedEvent(r.getLong("seq"), r.getString("type"),
                    r.getOffsetDateTime("time"), r.getJsonObject("data"))));
            return out;
        });
    }

    public Uni<Void> addCaptured(SqlConnection tx, Granularity granularity, OffsetDateTime bucket, String currency,
            long capturedMinor, int payments) {
        return tx.preparedQuery(ReadModelQueries.REVENUE_BUCKET_ADD)
                .execute(Tuple.tuple().addString(granularity.name()).addOffsetDateTime(bucket).addString(currency)
                        .addLong(capturedMinor).addInteger(payments))
                .replaceWithVoid();
    }

    /** @return false when the payment had an outcome already */
    public Uni<Boolean> recordOutcome(SqlConnection tx, String paymentId, PaymentOutcome outcome, String reason,
            OffsetDateTime at) {
        return tx.preparedQuery(ReadModelQueries.PAYMENT_OUTCOME_INSERT)
                .execute(Tuple.of(paymentId, outcome.name(), reason, at)).map(rows -> rows.rowCount() == 1);
    }

    /** @return false when the refund was counted already */
    public Uni<Boolean> recordRefund(SqlConnection tx, String refundId, String paymentId, long amountMinor,
            String currency, OffsetDateTime at) {
        return tx.preparedQuery(ReadModelQueries.REFUND_INSERT)
                .execute(Tuple.of(refundId, paymentId, amountMinor, currency, at)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> recordAssessment(SqlConnection tx, String assessmentId, String paymentId, String verdict,
            OffsetDateTime at) {
        return tx.preparedQuery(ReadModelQueries.FRAUD_ASSESSMENT_INSERT)
                .execute(Tuple.of(assessmentId, paymentId, verdict, at)).replaceWithVoid();
    }

    public Uni<Void> recordSagaRun(SqlConnection tx, String executionId, String workflow, String outcome,
            long durationMillis, OffsetDateTime finishedAt) {
        return tx.preparedQuery(ReadModelQueries.SAGA_RUN_INSERT)
                .execute(Tuple.of(executionId, workflow, outcome, durationMillis, finishedAt)).replaceWithVoid();
    }

    public Uni<List<RevenueRow>> revenue(Granularity granularity, OffsetDateTime from, OffsetDateTime to,
            String currency) {
        return pool.preparedQuery(ReadModelQueries.REVENUE_LIST_BETWEEN)
                .execute(Tuple.of(granularity.name(), from, to, currency)).map(rows -> {
                    var out = new ArrayList<RevenueRow>();
                    rows.forEach(r -> out.add(new RevenueRow(r.getOffsetDateTime("bucket_start"),
                            r.getString("currency"), r.getLong("captured_minor"), r.getInteger("payments"),
                            r.getLong("refunded_minor"), r.getInteger("refunds"),
                            r.getLong("compensation_refunded_minor"), r.getInteger("compensation_refunds"),
                            r.getLong("unmatched_refunded_minor"), r.getInteger("unmatched_refunds"))));
                    return out;
                });
    }

    /** Refunds of {@link RefundKind#COMPENSATION} made in {@code [from, to)}, per currency, by currency code. */
    public Uni<List<RefundTotal>> compensationRefunds(OffsetDateTime from, OffsetDateTime to) {
        return pool.preparedQuery(ReadModelQueries.REFUND_COMPENSATIONS_BETWEEN).execute(Tuple.of(from, to))
                .map(rows -> {
                    var out = new ArrayList<RefundTotal>();
                    rows.forEach(r -> out.add(new RefundTotal(r.getString("currency"), r.getLong("n"),
                            r.getLong("amount_minor"))));
                    return out;
                });
    }

    public Uni<Map<String, Long>> outcomes(OffsetDateTime from, OffsetDateTime to) {
        return counts(ReadModelQueries.PAYMENT_OUTCOME_COUNT_BETWEEN, "outcome", from, to);
    }

    public Uni<Map<String, Long>> failureReasons(OffsetDateTime from, OffsetDateTime to) {
        return counts(ReadModelQueries.PAYMENT_OUTCOME_FAILURE_REASONS_BETWEEN, "reason", from, to);
    }

    public Uni<Map<String, Long>> verdicts(OffsetDateTime from, OffsetDateTime to) {
        return counts(ReadModelQueries.FRAUD_ASSESSMENT_VERDICTS_BETWEEN, "verdict", from, to);
    }

    public Uni<Durations> sagaDurations(String workflow, OffsetDateTime from, OffsetDateTime to) {
        return pool.preparedQuery(ReadModelQueries.SAGA_RUN_DURATION_PERCENTILES_BETWEEN)
                .execute(Tuple.of(workflow, from, to)).map(rows -> {
                    Row r = rows.iterator().next();
                    return new Durations(r.getLong("runs"), r.getLong("p50"), r.getLong("p90"), r.getLong("p99"),
                            r.getLong("max"));
                });
    }

    private Uni<Map<String, Long>> counts(String sql, String key, OffsetDateTime from, OffsetDateTime to) {
        return pool.preparedQuery(sql).execute(Tuple.of(from, to)).map(rows -> {
            var out = new LinkedHashMap<String, Long>();
            rows.forEach(r -> out.put(r.getString(key), r.getLong("n")));
            return out;
        });
    }
}
