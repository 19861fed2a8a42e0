package dev.baton.gateway.service;

import dev.baton.contracts.EventTypes;
import dev.baton.gateway.Authorization;
import dev.baton.gateway.AuthorizationState;
import dev.baton.gateway.Capture;
import dev.baton.gateway.Refund;
import dev.baton.gateway.TestToken;
import dev.baton.gateway.repository.AuthorizationRepository;
import dev.baton.gateway.repository.CaptureRepository;
import dev.baton.gateway.repository.RefundRepository;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.outbox.OutboxEvent;
import dev.baton.platform.rest.Problem;
import dev.baton.platform.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The gateway's use cases. Each command runs inside the transaction {@code IdempotentCommands} opened for its
 * idempotency key, so the effect, its event and the stored answer commit together or not at all. Compensations
 * (void, refund) find what to undo by the forward step's key, never by an id an answer returned.
 */
@ApplicationScoped
public class PaymentService {

    /** An authorize command. */
    public record NewAuthorization(String paymentId, String customerId, long amountMinor, String currency,
            TestToken token) {
    }

    /** A capture command: the authorization is named by its authorize key. */
    public record NewCapture(String paymentId, String customerId, String authorizeKey, long amountMinor,
            String currency) {
    }

    /** A refund command: the capture is named by its capture key; {@code amountMinor} null means all that is left. */
    public record NewRefund(String paymentId, String customerId, String captureKey, String orderId,
            String customerEmail, Long amountMinor, String reason) {
    }

    /** What a void did: VOIDED, or NOTHING_TO_VOID with the authorization it found (if any). */
    public record VoidOutcome(boolean voided, Optional<Authorization> authorization) {
    }

    /** What a refund did: the refund made, or none when nothing was left to refund. */
    public record RefundOutcome(Optional<Refund> refund) {
    }

    /** Data of dev.baton.payment.refunded.v1. */
    record PaymentRefunded(String refundId, String paymentId, String orderId, String customerId, String customerEmail,
            long amountMinor, String currency) {
    }

    private final AuthorizationRepository authorizations;
    private final CaptureRepository captures;
    private final RefundRepository refunds;
    private final ProviderSimulator provider;
    private final Outbox outbox;

    public PaymentService(AuthorizationRepository authorizations, CaptureRepository captures,
            RefundRepository refunds, ProviderSimulator provider, Outbox outbox) {
        this.authorizations = authorizations;
        this.captures = captures;
        this.refunds = refunds;
        this.provider = provider;
        this.outbox = outbox;
    }

    /** Asks the provider and records its decision: AUTHORIZED or DECLINED (a 503 from the provider stores nothing). */
    public Uni<Authorization> authorize(SqlConnection tx, String key, NewAuthorization c) {
        ProviderSimulator.Decision decision = provider.decide(key, c.token());
        OffsetDateTime now = now();
        var authorization = new Authorization(UUID.randomUUID(), key, c.paymentId(), c.customerId(), c.amountMinor(),
                c.currency(), c.token().token(),
                decision.approved() ? AuthorizationState.AUTHORIZED : AuthorizationState.DECLINED,
                decision.declineCode(), 0, 0, null, now, now);
        return authorizations.insert(tx, authorization).replaceWith(authorization);
    }

    /**
     * Releases the hold the authorize command with {@code authorizeKey} made.
     *
     * @param forwardApplied false when the authorize command never applied (the command log now blocks it): nothing
     *                       to void
     */
    public Uni<VoidOutcome> voidAuthorization(SqlConnection tx, boolean forwardApplied, String authorizeKey,
            String paymentId, String customerId, String reason) {
        if (!forwardApplied) {
            return Uni.createFrom().item(new VoidOutcome(false, Optional.empty()));
        }
        return authorizations.findByKeyForUpdate(tx, authorizeKey).chain(found -> {
            Authorization a = found.orElseThrow(() -> unknownForwardKey(authorizeKey, "an authorization"));
            requireSamePayment(a, paymentId, customerId);
            return switch (a.state()) {
                case AUTHORIZED -> authorizations.voidIfAuthorized(tx, a.id(), reason, now())
                        .map(moved -> new VoidOutcome(true, Optional.of(moved.orElseThrow(
                                () -> new IllegalStateException("locked authorization changed: " + a.id())))));
                case DECLINED, VOIDED, REFUNDED -> Uni.createFrom().item(new VoidOutcome(false, Optional.of(a)));
                case CAPTURED, PARTIALLY_REFUNDED -> throw illegal(a, "void",
                        "a void cannot give captured money back: refund the capture first (POST /v1/refunds)");
            };
        });
    }

    /** Captures (part of) an AUTHORIZED authorization, found by its authorize key. */
    public Uni<Capture> capture(SqlConnection tx, String key, NewCapture c) {
        return authorizations.findByKeyForUpdate(tx, c.authorizeKey()).chain(found -> {
            Authorization a = found.orElseThrow(() -> invalid("unknown-authorization", "Unknown authorization",
                    "authorizeKey", "no authorization was made with Idempotency-Key '%s'".formatted(c.authorizeKey())));
            requireSamePayment(a, c.paymentId(), c.customerId());
            if (a.state() != AuthorizationState.AUTHORIZED) {
                throw illegal(a, "capture", "only an AUTHORIZED authorization can be captured");
            }
            if (c.currency() != null && !c.currency().equals(a.currency())) {
                throw invalid("currency-mismatch", "Currency mismatch", "currency",
                        "the authorization is in %s, not %s".formatted(a.currency(), c.currency()));
            }
            if (c.amountMinor() > a.amountMinor()) {
                throw invalid("amount-exceeds-authorization", "Amount exceeds the authorization", "amountMinor",
                        "%d is more than the %d %s authorized".formatted(c.amountMinor(), a.amountMinor(),
                                a.currency()));
            }
            OffsetDateTime now = now();
            var capture = new Capture(UUID.randomUUID(), key, a.id(), a.paymentId(), c.amountMinor(), a.currency(),
                    now);
            return authorizations.captureIfAuthorized(tx, a.id(), c.amountMinor(), now)
                    .chain(moved -> {
                        moved.orElseThrow(() -> new IllegalStateException("locked authorization changed: " + a.id()));
                        return captures.insert(tx, capture);
                    })
                    .replaceWith(capture);
        });
    }

    /**
     * Gives back (part of) the capture the capture command with {@code captureKey} made, and states it as
     * dev.baton.payment.refunded.v1 (event id: {@code key}) in the same transaction.
     *
     * @param forwardApplied false when the capture never applied (the command log now blocks it): nothing to refund
     */
    public Uni<RefundOutcome> refund(SqlConnection tx, String key, boolean forwardApplied, NewRefund c) {
        if (!forwardApplied) {
            return Uni.createFrom().item(new RefundOutcome(Optional.empty()));
        }
        return captures.findByKey(tx, c.captureKey()).chain(foundCapture -> {
            Capture capture = foundCapture.orElseThrow(() -> unknownForwardKey(c.captureKey(), "a capture"));
            return authorizations.findForUpdate(tx, capture.authorizationId()).chain(found -> {
                Authorization a = found.orElseThrow();
                requireSamePayment(a, c.paymentId(), c.customerId());
                long left = a.refundableMinor();
                if (c.amountMinor() == null && left == 0) {
                    return Uni.createFrom().item(new RefundOutcome(Optional.empty()));
                }
                long amount = c.amountMinor() == null ? left : c.amountMinor();
                if (amount > left) {
                    throw invalid("amount-exceeds-refundable", "Amount exceeds what can be refunded", "amountMinor",
                            "%d is more than the %d %s left to refund (captured %d, refunded %d)".formatted(amount,
                                    left, a.currency(), a.capturedMinor(), a.refundedMinor()));
                }
                OffsetDateTime now = now();
                var refund = new Refund(UUID.randomUUID(), key, capture.id(), a.id(), a.paymentId(), c.orderId(),
                        amount, a.currency(), c.reason(), now);
                var event = new PaymentRefunded(refund.id().toString(), a.paymentId(), c.orderId(), a.customerId(),
                        c.customerEmail(), amount, a.currency());
                return authorizations.refundIfCaptured(tx, a.id(), amount, now)
                        .chain(moved -> {
                            moved.orElseThrow(() -> new IllegalStateException("locked authorization changed: " + a.id()));
                            return refunds.insert(tx, refund);
                        })
                        // After the row that changed: per-payment order of events follows commit order.
                        .chain(() -> outbox.append(tx, OutboxEvent.of(EventTypes.PAYMENT_REFUNDED, a.paymentId(), event)
                                .withId(key).at(now)))
                        .replaceWith(new RefundOutcome(Optional.of(refund)));
            });
        });
    }

    /** Commands name a payment and a customer; acting on another payment's authorization is refused. */
    private static void requireSamePayment(Authorization a, String paymentId, String customerId) {
        if (!a.paymentId().equals(paymentId)) {
            throw invalid("payment-mismatch", "Payment mismatch", "paymentId",
                    "the authorization belongs to payment %s, not %s".formatted(a.paymentId(), paymentId));
        }
        if (!a.customerId().equals(customerId)) {
            throw invalid("payment-mismatch", "Payment mismatch", "customerId",
                    "the authorization belongs to another customer of payment %s".formatted(a.paymentId()));
        }
    }

    private static ProblemException unknownForwardKey(String forwardKey, String what) {
        return invalid("unknown-forward-key", "Unknown forward key", "forwardKey",
                "the command with Idempotency-Key '%s' did not make %s".formatted(forwardKey, what));
    }

    private static ProblemException illegal(Authorization a, String command, String rule) {
        return new ProblemException(409, "illegal-transition", "Illegal state transition",
                "Authorization %s is %s: cannot %s it; %s".formatted(a.id(), a.state(), command, rule));
    }

    static ProblemException invalid(String slug, String title, String field, String message) {
        return new ProblemException(new Problem("urn:baton:problem:" + slug, title, 422, field + ": " + message, null,
                List.of(new Problem.Violation(field, message))));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
