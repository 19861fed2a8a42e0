package dev.baton.order.service;

import dev.baton.contracts.EventTypes;
import dev.baton.order.Order;
import dev.baton.order.OrderState;
import dev.baton.order.repository.OrderRepository;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The order use cases. The commands (create, confirm, cancel) run inside the transaction that
 * {@link dev.baton.platform.command.IdempotentCommands} opened for their Idempotency-Key, so the order row, its
 * event in the outbox and the stored response commit together or not at all.
 */
@ApplicationScoped
public class OrderService {

    /** A new order as asked for. */
    public record NewOrder(String paymentId, String customerId, String customerEmail, long amountMinor,
            String currency, List<Order.LineItem> lineItems) {
    }

    /** What a cancel command did. */
    public enum CancelStatus {
        /** The order is CANCELLED: by this command (which emitted the event) or by an earlier one. */
        CANCELLED,
        /** No order exists for the forward key: the create never applied (and now never will) or made none. */
        NOTHING_TO_CANCEL
    }

    /** The outcome of a cancel command; {@code order} is empty for NOTHING_TO_CANCEL. */
    public record Cancellation(CancelStatus status, Optional<Order> order) {
    }

    /** Data of dev.baton.order.confirmed.v1. */
    record OrderConfirmed(String orderId, String paymentId, String customerId, String customerEmail,
            long amountMinor, String currency, List<Order.LineItem> lineItems) {
    }

    /** Data of dev.baton.order.cancelled.v1. */
    record OrderCancelled(String orderId, String paymentId, String customerId, String reason) {
    }

    private final OrderRepository orders;
    private final Outbox outbox;

    public OrderService(OrderRepository orders, Outbox outbox) {
        this.orders = orders;
        this.outbox = outbox;
    }

    /**
     * Creates a PENDING order remembered under {@code createKey}; 422 when the line items do not add up to the
     * amount, 409 when the payment has an order already (one order per payment).
     */
    public Uni<Order> create(SqlConnection tx, String createKey, NewOrder request) {
        long total = total(request.lineItems());
        if (total != request.amountMinor()) {
            throw unprocessable("amount-mismatch", "Amount does not match the line items", "amountMinor",
                    "is %d but the line items add up to %d".formatted(request.amountMinor(), total));
        }
        OffsetDateTime now = now();
        var order = new Order(UUID.randomUUID(), request.paymentId(), request.customerId(), request.customerEmail(),
                request.amountMinor(), request.currency(), List.copyOf(request.lineItems()), OrderState.PENDING, null,
                createKey, now, now);
        return orders.insert(tx, order).chain(inserted -> {
            if (inserted) {
                return Uni.createFrom().item(order);
            }
            return orders.findByPayment(tx, request.paymentId()).map(existing -> {
                throw new ProblemException(409, "order-exists", "Payment has an order",
                        "Payment %s already has order %s (%s)".formatted(request.paymentId(),
                                existing.map(o -> o.id().toString()).orElse("?"),
                                existing.map(o -> o.state().name()).orElse("?")));
            });
        });
    }

    /**
     * PENDING to CONFIRMED for the order the create command {@code createKey} made, emitting
     * dev.baton.order.confirmed.v1 with an event id derived from {@code key}. 404 when that command made no order,
     * 422 when the order belongs to another payment or customer, 409 when it is not PENDING.
     */
    public Uni<Order> confirm(SqlConnection tx, String createKey, String paymentId, String customerId, String key) {
        return orders.findByCreateKey(tx, createKey).chain(found -> {
            Order order = found.orElseThrow(() -> new ProblemException(404, "order-not-found", "Order not found",
                    "No order was created with Idempotency-Key '%s'".formatted(createKey)));
            requireSameOwner(order, paymentId, customerId, "createOrderKey");
            return orders.confirmIfPending(tx, order.id(), now()).chain(moved -> moved.isPresent()
                    ? emit(tx, moved.get(), EventTypes.ORDER_CONFIRMED, key, confirmed(moved.get()))
                    : refuse(tx, order.id(), "be confirmed"));
        });
    }

    /**
     * The compensation of create: PENDING to CANCELLED for the order the create command {@code createKey} made,
     * emitting dev.baton.order.cancelled.v1 with an event id derived from {@code key}. Nothing to cancel when the
     * create never applied ({@code forwardApplied} false) or made no order; an order cancelled already stays as it
     * is (no second event). A CONFIRMED order is refused with 409: its money was captured, and giving it back is
     * the gateway's refund, not a cancellation.
     */
    public Uni<Cancellation> cancel(SqlConnection tx, boolean forwardApplied, String createKey, String paymentId,
            String customerId, String reason, String key) {
        if (!forwardApplied) {
            return Uni.createFrom().item(new Cancellation(CancelStatus.NOTHING_TO_CANCEL, Optional.empty()));
        }
        return orders.findByCreateKey(tx, createKey).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(new Cancellation(CancelStatus.NOTHING_TO_CANCEL, Optional.empty()));
            }
            Order order = found.get();
            requireSameOwner(order, paymentId, customerId, "forwardKey");
            return orders.cancelIfPending(tx, order.id(), reason, now()).chain(moved -> {
                if (moved.isPresent()) {
                    Order cancelled = moved.get();
                    return emit(tx, cancelled, EventTypes.ORDER_CANCELLED, key, new OrderCancelled(
                            cancelled.id().toString(), cancelled.paymentId(), cancelled.customerId(), reason))
                            .map(o -> new Cancellation(CancelStatus.CANCELLED, Optional.of(o)));
                }
                return orders.find(tx, order.id()).map(reread -> {
                    Order current = reread.orElseThrow(() -> notFound(order.id()));
                    if (current.state() == OrderState.CANCELLED) {
                        return new Cancellation(CancelStatus.CANCELLED, Optional.of(current));
                    }
                    throw new ProblemException(409, "order-confirmed", "Confirmed order",
                            ("Order %s is CONFIRMED: a compensation does not cancel a confirmed order (its money is "
                                    + "returned by a refund)").formatted(current.id()));
                });
            });
        });
    }

    public Uni<Order> get(UUID id) {
        return orders.find(id).map(found -> found.orElseThrow(() -> notFound(id)));
    }

    /** Orders matching every given filter (null matches all), newest first. */
    public Uni<List<Order>> list(String paymentId, String customerId, OrderState state, int limit) {
        return orders.list(paymentId, customerId, state, limit);
    }

    private Uni<Order> emit(SqlConnection tx, Order order, String type, String key, Object data) {
        return outbox.append(tx, OutboxEvent.of(type, order.id().toString(), data).withId(type + ":" + key)
                .at(order.updatedAt())).replaceWith(order);
    }

    /** The update matched nothing: tell an unknown order (404) from one in the wrong state (409). */
    private Uni<Order> refuse(SqlConnection tx, UUID id, String transition) {
        return orders.find(tx, id).map((Optional<Order> found) -> {
            Order order = found.orElseThrow(() -> notFound(id));
            throw new ProblemException(409, "illegal-transition", "Illegal state transition",
                    "Order %s is %s; only a PENDING order can %s".formatted(id, order.state(), transition));
        });
    }

    /** The saga names the order by a key; the payment and customer it sends along must be the order's. */
    private static void requireSameOwner(Order order, String paymentId, String customerId, String keyField) {
        var violations = new ArrayList<Problem.Violation>();
        if (!order.paymentId().equals(paymentId)) {
            violations.add(new Problem.Violation("paymentId", "is %s but the order of %s belongs to payment %s"
                    .formatted(paymentId, keyField, order.paymentId())));
        }
        if (!order.customerId().equals(customerId)) {
            violations.add(new Problem.Violation("customerId", "is %s but the order of %s belongs to customer %s"
                    .formatted(customerId, keyField, order.customerId())));
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(new Problem("urn:baton:problem:order-mismatch", "Order belongs elsewhere",
                    422, "Order %s does not belong to this payment and customer".formatted(order.id()), null,
                    violations));
        }
    }

    /** The sum of the line items; 422 on the lineItems field when it does not fit a long. */
    private static long total(List<Order.LineItem> items) {
        try {
            long total = 0;
            for (Order.LineItem i : items) {
                total = Math.addExact(total, Math.multiplyExact(i.quantity(), i.unitAmountMinor()));
            }
            return total;
        } catch (ArithmeticException e) {
            throw unprocessable("amount-mismatch", "Amount does not match the line items", "lineItems",
                    "add up to more than " + Long.MAX_VALUE);
        }
    }

    private static ProblemException unprocessable(String slug, String title, String field, String message) {
        return new ProblemException(new Problem("urn:baton:problem:" + slug, title, 422, field + " " + message, null,
                List.of(new Problem.Violation(field, message))));
    }

    private static OrderConfirmed confirmed(Order o) {
        return new OrderConfirmed(o.id().toString(), o.paymentId(), o.customerId(), o.customerEmail(),
                o.amountMinor(), o.currency(), o.lineItems());
    }

    static ProblemException notFound(UUID id) {
        return new ProblemException(404, "order-not-found", "Order not found", "No order " + id);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
