package dev.baton.loyalty.service;

import dev.baton.loyalty.OrderConfirmed;
import dev.baton.loyalty.OrderPointsState;
import dev.baton.loyalty.PaymentRefunded;
import dev.baton.loyalty.PointsRule;
import dev.baton.loyalty.config.LoyaltyConfig;
import dev.baton.loyalty.repository.PointsRepository;
import dev.baton.platform.inbox.PoisonEventException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/**
 * Earning and reversing points. Both run in the inbox transaction of the event that causes them, and each is
 * idempotent on its own too (an order earns once, a refund id reverses once).
 */
@ApplicationScoped
public class PointsService {

    /**
     * A refund arrived before the confirmation of its order (events from different producers are not ordered).
     * Not poison: the inbox retries it, and once it is dead-lettered, a replay after the confirmation applies it.
     */
    public static final class OrderNotKnownYetException extends RuntimeException {
        OrderNotKnownYetException(String orderId) {
            super("no points recorded for order " + orderId + " yet: refund arrived before the order's confirmation");
        }
    }

    private final PointsRepository repository;
    private final PointsRule rule;

    public PointsService(PointsRepository repository, LoyaltyConfig config) {
        this.repository = repository;
        this.rule = new PointsRule(config.pointsPerUnit());
    }

    /** Credits the points of a confirmed order. */
    public Uni<Void> earn(SqlConnection tx, OrderConfirmed order, OffsetDateTime at) {
        long points = rule.earned(order.amountMinor(), order.currency());
        return repository.insertOrder(tx, order.orderId(), order.customerId(), order.amountMinor(), order.currency(),
                        points, at)
                .flatMap(inserted -> !inserted ? Uni.createFrom().voidItem()
                        : repository.insertEntry(tx, order.customerId(), order.orderId(), "EARNED", order.orderId(),
                                        points, at)
                                .flatMap(ignored -> repository.addToBalance(tx, order.customerId(), points)));
    }

    /** Takes back the points of the refunded part of an order. */
    public Uni<Void> reverse(SqlConnection tx, PaymentRefunded refund, OffsetDateTime at) {
        return repository.findOrderForUpdate(tx, refund.orderId()).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().failure(new OrderNotKnownYetException(refund.orderId()));
            }
            var order = found.get();
            if (!order.currency().equals(refund.currency())) {
                return Uni.createFrom().failure(new PoisonEventException("refund " + refund.refundId() + " is in "
                        + refund.currency() + " but order " + order.orderId() + " was paid in " + order.currency()));
            }
            if (order.state() == OrderPointsState.REVERSED) {
                return Uni.createFrom().voidItem();
            }
            long refunded = Math.min(order.amountMinor(), order.refundedMinor() + refund.amountMinor());
            long reversed = PointsRule.reversedAfter(order.earned(), refunded, order.amountMinor());
            long delta = reversed - order.reversed();
            var state = refunded == order.amountMinor() ? OrderPointsState.REVERSED : OrderPointsState.PARTIALLY_REVERSED;
            return repository.insertEntry(tx, order.customerId(), order.orderId(), "REVERSED", refund.refundId(),
                            -delta, at)
                    .flatMap(inserted -> !inserted ? Uni.createFrom().voidItem()
                            : repository.updateOnRefund(tx, order.orderId(), refunded, reversed, state)
                                    .flatMap(ignored -> repository.addToBalance(tx, order.customerId(), -delta)));
        });
    }
}
