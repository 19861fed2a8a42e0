package dev.baton.loyalty.service;

import dev.baton.loyalty.OrderCancelled;
import dev.baton.loyalty.OrderConfirmed;
import dev.baton.loyalty.OrderPointsState;
import dev.baton.loyalty.PaymentRefunded;
import dev.baton.loyalty.PointsRule;
import dev.baton.loyalty.RefundState;
import dev.baton.loyalty.config.LoyaltyConfig;
import dev.baton.loyalty.repository.PointsRepository;
import dev.baton.loyalty.repository.PointsRepository.OrderPoints;
import dev.baton.platform.inbox.PoisonEventException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Earning, reversing and cancelling points. Each runs in the inbox transaction of the event that causes it and is
 * idempotent on its own fact too (an order earns once, a refund id counts once, a cancellation once).
 *
 * <p>The three events of an order come from two producers (order; payment-gateway) through separate outboxes, so
 * they arrive in any order, and the result must not depend on it ({@link OrderPointsState}): a refund of an order
 * with no confirmation yet is held; the confirmation applies held refunds at once; a cancellation closes them. The
 * first event of an order makes its row and every event locks it, so concurrent consumers of one order's events
 * apply them one after the other.
 */
@ApplicationScoped
public class PointsService {

    private static final Logger LOG = Logger.getLogger(PointsService.class);

    static final String CLOSED_BY_CANCELLATION = "order cancelled before it was confirmed: no points to take back";

    private final PointsRepository repository;
    private final PointsRule rule;

    public PointsService(PointsRepository repository, LoyaltyConfig config) {
        this.repository = repository;
        this.rule = new PointsRule(config.pointsPerUnit());
    }

    /** Credits the points of a confirmed order, then applies the refunds held for it. */
    public Uni<Void> earn(SqlConnection tx, OrderConfirmed order, OffsetDateTime at) {
        long points = rule.earned(order.amountMinor(), order.currency());
        return repository.insertEarned(tx, order.orderId(), order.customerId(), order.amountMinor(), order.currency(),
                        points, at)
                .flatMap(inserted -> inserted ? credit(tx, order.customerId(), order.orderId(), points, at)
                        : repository.findOrderForUpdate(tx, order.orderId())
                                .flatMap(found -> earnExisting(tx, found.orElseThrow(), order, points, at)));
    }

    private Uni<Void> earnExisting(SqlConnection tx, OrderPoints existing, OrderConfirmed order, long points,
            OffsetDateTime at) {
        return switch (existing.state()) {
            case AWAITING_CONFIRMATION -> repository.confirmIfAwaiting(tx, order.orderId(), order.customerId(),
                            order.amountMinor(), order.currency(), points, at)
                    .flatMap(ignored -> credit(tx, order.customerId(), order.orderId(), points, at))
                    .flatMap(ignored -> repository.pendingRefunds(tx, order.orderId()))
                    .flatMap(held -> applyHeld(tx, new OrderPoints(order.orderId(), order.customerId(),
                            order.amountMinor(), order.currency(), points, 0, 0, OrderPointsState.EARNED), held, at));
            case CANCELLED -> {
                // Order cancels only PENDING orders, so this means a producer bug or a replayed old event.
                LOG.warnf("Order %s was confirmed after loyalty saw it cancelled: it earns nothing", order.orderId());
                yield Uni.createFrom().voidItem();
            }
            // Earned already (the same confirmation under another event id).
            case EARNED, PARTIALLY_REVERSED, REVERSED -> Uni.createFrom().voidItem();
        };
    }

    /** Applies held refunds one by one, each against the order as the previous one left it. */
    private Uni<Void> applyHeld(SqlConnection tx, OrderPoints order, List<PointsRepository.Refund> held,
            OffsetDateTime at) {
        if (held.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        var refund = held.get(0);
        var rest = held.subList(1, held.size());
        if (!refund.currency().equals(order.currency())) {
            String note = currencyMismatch(refund.refundId(), refund.currency(), order);
            LOG.warn(note);
            return repository.settlePending(tx, refund.refundId(), RefundState.CLOSED, at, note)
                    .flatMap(ignored -> applyHeld(tx, order, rest, at));
        }
        return repository.settlePending(tx, refund.refundId(), RefundState.APPLIED, at,
                        "held until the order's confirmation")
                .flatMap(ignored -> takeBack(tx, order, refund.refundId(), refund.amountMinor(), at))
                .flatMap(after -> applyHeld(tx, after, rest, at));
    }

    /** Takes back the points of the refunded part of an order, or holds the refund until the order is confirmed. */
    public Uni<Void> reverse(SqlConnection tx, PaymentRefunded refund, OffsetDateTime at) {
        return repository.insertAwaitingConfirmation(tx, refund.orderId(), refund.customerId())
                .flatMap(ignored -> repository.findOrderForUpdate(tx, refund.orderId()))
                .flatMap(found -> {
                    OrderPoints order = found.orElseThrow();
                    return switch (order.state()) {
                        case AWAITING_CONFIRMATION -> record(tx, refund, RefundState.PENDING, at, null, null);
                        case CANCELLED -> record(tx, refund, RefundState.CLOSED, at, at, CLOSED_BY_CANCELLATION);
                        case EARNED, PARTIALLY_REVERSED, REVERSED -> {
                            if (!order.currency().equals(refund.currency())) {
                                yield Uni.createFrom().failure(new PoisonEventException(
                                        currencyMismatch(refund.refundId(), refund.currency(), order)));
                            }
                            yield repository.insertRefund(tx, refund.refundId(), order.orderId(), refund.customerId(),
                                            refund.amountMinor(), refund.currency(), RefundState.APPLIED, at, at, null)
                                    .flatMap(first -> first
                                            ? takeBack(tx, order, refund.refundId(), refund.amountMinor(), at)
                                                    .replaceWithVoid()
                                            : Uni.createFrom().voidItem());
                        }
                    };
                });
    }

    /** Closes the refunds held for an order cancelled before its confirmation; a later confirmation earns nothing. */
    public Uni<Void> cancel(SqlConnection tx, OrderCancelled cancelled, OffsetDateTime at) {
        return repository.insertCancelled(tx, cancelled.orderId(), cancelled.customerId(), at)
                .flatMap(inserted -> inserted ? Uni.createFrom().voidItem()
                        : repository.findOrderForUpdate(tx, cancelled.orderId()).flatMap(found -> {
                            OrderPoints order = found.orElseThrow();
                            return switch (order.state()) {
                                case AWAITING_CONFIRMATION -> repository.cancelIfAwaiting(tx, order.orderId(), at)
                                        .flatMap(ignored -> repository.closeAllPending(tx, order.orderId(), at,
                                                CLOSED_BY_CANCELLATION))
                                        .replaceWithVoid();
                                case CANCELLED -> Uni.createFrom().voidItem();
                                case EARNED, PARTIALLY_REVERSED, REVERSED -> {
                                    // Order refuses to cancel a confirmed order; its money comes back by refunds,
                                    // and those take the points back.
                                    LOG.warnf("Order %s was cancelled after loyalty saw it confirmed: points stay "
                                            + "until refunds take them back", order.orderId());
                                    yield Uni.createFrom().voidItem();
                                }
                            };
                        }));
    }

    private Uni<Void> record(SqlConnection tx, PaymentRefunded refund, RefundState state, OffsetDateTime at,
            OffsetDateTime settledAt, String note) {
        return repository.insertRefund(tx, refund.refundId(), refund.orderId(), refund.customerId(),
                refund.amountMinor(), refund.currency(), state, at, settledAt, note).replaceWithVoid();
    }

    private Uni<Void> credit(SqlConnection tx, String customerId, String orderId, long points, OffsetDateTime at) {
        return repository.insertEntry(tx, customerId, orderId, "EARNED", orderId, points, at)
                .flatMap(inserted -> inserted ? repository.addToBalance(tx, customerId, points)
                        : Uni.createFrom().voidItem());
    }

    /**
     * Reverses the points of {@code amountMinor} more of a confirmed order's amount (cumulatively, see
     * {@link PointsRule#reversedAfter}) and returns the order as it is now.
     */
    private Uni<OrderPoints> takeBack(SqlConnection tx, OrderPoints order, String refundId, long amountMinor,
            OffsetDateTime at) {
        if (order.state() == OrderPointsState.REVERSED) {
            return Uni.createFrom().item(order);
        }
        long amount = order.amountMinor();
        long refunded = Math.min(amount, order.refundedMinor() + amountMinor);
        long reversed = PointsRule.reversedAfter(order.earned(), refunded, amount);
        long delta = reversed - order.reversed();
        var state = refunded == amount ? OrderPointsState.REVERSED : OrderPointsState.PARTIALLY_REVERSED;
        var after = new OrderPoints(order.orderId(), order.customerId(), amount, order.currency(), order.earned(),
                refunded, reversed, state);
        return repository.insertEntry(tx, order.customerId(), order.orderId(), "REVERSED", refundId, -delta, at)
                .flatMap(inserted -> !inserted ? Uni.createFrom().item(order)
                        : repository.updateOnRefund(tx, order.orderId(), refunded, reversed, state)
                                .flatMap(ignored -> repository.addToBalance(tx, order.customerId(), -delta))
                                .replaceWith(after));
    }

    private static String currencyMismatch(String refundId, String currency, OrderPoints order) {
        return "refund " + refundId + " is in " + currency + " but order " + order.orderId() + " was paid in "
                + order.currency();
    }
}
