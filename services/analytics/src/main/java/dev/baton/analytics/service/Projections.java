package dev.baton.analytics.service;

import dev.baton.analytics.Granularity;
import dev.baton.analytics.PaymentOutcome;
import dev.baton.analytics.repository.ReadModelRepository;
import dev.baton.contracts.EventTypes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/**
 * How each event type changes the read model. The same code applies a live event and replays the log during a
 * rebuild, so the two cannot disagree. Each projection is idempotent on the fact's own key (payment id, refund id,
 * assessment id, execution id), and times are the events' own ({@code time}), so replay order within the log
 * does not change the result. Nothing here reads another fact: what depends on two facts that arrive in either
 * order (a refund and its payment's outcome) is joined by the queries.
 */
@ApplicationScoped
public class Projections {

    private final ReadModelRepository repository;

    public Projections(ReadModelRepository repository) {
        this.repository = repository;
    }

    /** Applies one event of {@code type}, whose data passed its schema, within {@code tx}. */
    public Uni<Void> apply(SqlConnection tx, String type, OffsetDateTime time, JsonObject data) {
        return switch (type) {
            case EventTypes.PAYMENT_SUCCEEDED -> repository.recordOutcome(tx, data.getString("paymentId"),
                            PaymentOutcome.SUCCEEDED, null, time)
                    .flatMap(first -> !first ? Uni.createFrom().voidItem()
                            : captured(tx, time, data.getString("currency"), data.getLong("amountMinor")));
            case EventTypes.PAYMENT_FAILED -> repository.recordOutcome(tx, data.getString("paymentId"),
                    PaymentOutcome.FAILED, data.getString("reason"), time).replaceWithVoid();
            // Whether a refund reduces revenue depends on its payment's outcome, which may arrive later: the queries
            // classify refunds when they run (RefundKind), so nothing here depends on arrival order.
            case EventTypes.PAYMENT_REFUNDED -> repository.recordRefund(tx, data.getString("refundId"),
                    data.getString("paymentId"), data.getLong("amountMinor"), data.getString("currency"), time)
                    .replaceWithVoid();
            case EventTypes.FRAUD_ASSESSED -> repository.recordAssessment(tx, data.getString("assessmentId"),
                    data.getString("paymentId"), data.getString("verdict"), time);
            case EventTypes.SAGA_FINISHED -> repository.recordSagaRun(tx, data.getString("executionId"),
                    data.getString("workflow"), data.getString("outcome"), data.getLong("durationMillis"),
                    OffsetDateTime.parse(data.getString("finishedAt")));
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> captured(SqlConnection tx, OffsetDateTime time, String currency, long amountMinor) {
        return repository.addCaptured(tx, Granularity.HOUR, Granularity.HOUR.bucketOf(time), currency, amountMinor, 1)
                .flatMap(ignored -> repository.addCaptured(tx, Granularity.DAY, Granularity.DAY.bucketOf(time),
                        currency, amountMinor, 1));
    }
}
