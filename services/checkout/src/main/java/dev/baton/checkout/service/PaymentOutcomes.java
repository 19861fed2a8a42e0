package dev.baton.checkout.service;

import dev.baton.checkout.Completion;
import dev.baton.checkout.Payment;
import dev.baton.checkout.PaymentState;
import dev.baton.checkout.SagaSteps;
import dev.baton.checkout.messaging.PaymentEvents;
import dev.baton.checkout.repository.PaymentRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * The one way a payment gets its outcome, shared by the saga's {@code :complete} and the reconciler: the guarded
 * transition to SUCCEEDED or FAILED and, in the same transaction, the outcome event in the outbox. Because the
 * transition is {@code UPDATE ... WHERE state IN ('PENDING', 'PROCESSING')}, whichever of the two commits first
 * decides, and the other finds nothing to move and writes no event.
 */
@ApplicationScoped
public class PaymentOutcomes {

    /** The failure reason when the saga reported none. */
    public static final String DEFAULT_REASON = "processing_error";

    private final PaymentRepository payments;
    private final PaymentEvents events;

    public PaymentOutcomes(PaymentRepository payments, PaymentEvents events) {
        this.payments = payments;
        this.events = events;
    }

    /**
     * Moves payment {@code id} to {@code c}'s outcome and appends its event with id {@code eventId}, on {@code tx}.
     *
     * @return the payment as moved; empty when it had its outcome already (nothing was written)
     */
    public Uni<Optional<Payment>> record(SqlConnection tx, String eventId, UUID id, Completion c,
            OffsetDateTime now) {
        Uni<Optional<Payment>> moved = c.status() == PaymentState.SUCCEEDED
                ? payments.succeed(tx, id, c.orderId(), now)
                : payments.fail(tx, id, c.reason() == null ? DEFAULT_REASON : c.reason(), c.message(),
                        c.failedStep(), SagaSteps.doneBefore(c.failedStep()).orElse(null), c.orderId(), now);
        return moved.call(updated -> updated.isPresent() ? events.appendOutcome(tx, eventId, updated.get())
                : Uni.createFrom().voidItem());
    }
}
