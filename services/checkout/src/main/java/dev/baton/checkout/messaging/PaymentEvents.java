package dev.baton.checkout.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.checkout.Payment;
import dev.baton.contracts.EventTypes;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.outbox.OutboxEvent;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The events checkout produces, written to its outbox in the transaction that makes the payment terminal (so an
 * event exists if and only if the outcome committed). Data follows the schemas in services/contracts. The event id
 * is the {@code :complete} command's idempotency key, or {@code <paymentId>:reconcile} when the reconciler settled the
 * payment: a retried command cannot publish twice, and a payment is made terminal at most once anyway.
 */
@ApplicationScoped
public class PaymentEvents {

    /** Data of {@code dev.baton.payment.succeeded.v1}. */
    public record PaymentSucceeded(String paymentId, String orderId, String customerId, long amountMinor,
            String currency) {
    }

    /** Data of {@code dev.baton.payment.failed.v1}; {@code message} is left out when there is none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PaymentFailed(String paymentId, String customerId, String customerEmail, long amountMinor,
            String currency, String reason, String message) {
    }

    private final Outbox outbox;

    public PaymentEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Appends the event stating {@code payment}'s outcome; the payment must be terminal. */
    public Uni<CloudEvent> appendOutcome(SqlConnection tx, String eventId, Payment payment) {
        return outbox.append(tx, outcome(eventId, payment));
    }

    /** The outbox event for a terminal payment, happening at its completion. */
    public static OutboxEvent outcome(String eventId, Payment p) {
        String id = p.id().toString();
        OutboxEvent event = switch (p.state()) {
            case SUCCEEDED -> OutboxEvent.of(EventTypes.PAYMENT_SUCCEEDED, id,
                    new PaymentSucceeded(id, p.orderId(), p.customerId(), p.amountMinor(), p.currency()));
            case FAILED -> OutboxEvent.of(EventTypes.PAYMENT_FAILED, id,
                    new PaymentFailed(id, p.customerId(), p.customerEmail(), p.amountMinor(), p.currency(),
                            p.failureReason(), p.failureMessage()));
            case PENDING, PROCESSING -> throw new IllegalArgumentException(
                    "payment " + id + " is " + p.state() + ": no outcome to state");
        };
        return event.withId(eventId).at(p.completedAt());
    }
}
