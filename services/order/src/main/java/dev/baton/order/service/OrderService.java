package dev.baton.order.service;

import dev.baton.contracts.EventTypes;
import dev.baton.order.Order;
import dev.baton.order.OrderState;
import dev.baton.order.repository.OrderRepository;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.outbox.OutboxEvent;
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

/** The order use cases. Each command runs inside the transaction {@link IdempotentCommands} opened. */
@ApplicationScoped
public class OrderService {

    /** A new order as asked for. */
    public record NewOrder(String paymentId, String customerId, String customerEmail, long amountMinor,
            String currency, List<Order.LineItem> lineItems) {
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

    /** Creates a PENDING order; 422 when the line items do not add up, 409 when the payment has an order. */
    public Uni<Order> create(SqlConnection tx, NewOrder request) {
        long total = request.lineItems().stream().mapToLong(i -> i.quantity() * i.unitAmountMinor()).sum();
        if (total != request.amountMinor()) {
            throw new ProblemException(422, "amount-mismatch", "Amount does not match the line items",
                    "amountMinor is %d but the line items add up to %d".formatted(request.amountMinor(), total));
        }
        OffsetDateTime now = now();
        var order = new Order(UUID.randomUUID(), request.paymentId(), request.customerId(), request.customerEmail(),
                request.amountMinor(), request.currency(), List.copyOf(request.lineItems()), OrderState.PENDING, null,
                now, now);
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

    /** PENDING to CONFIRMED, emitting dev.baton.order.confirmed.v1 with event id {@code key}. */
    public Uni<Order> confirm(SqlConnection tx, UUID id, String key) {
        return orders.confirmIfPending(tx, id, now()).chain(moved -> moved.isPresent()
                ? emit(tx, moved.get(), EventTypes.ORDER_CONFIRMED, key, confirmed(moved.get()))
                : refuse(tx, id, "confirm"));
    }

    /** PENDING to CANCELLED, emitting dev.baton.order.cancelled.v1 with event id {@code key}. */
    public Uni<Order> cancel(SqlConnection tx, UUID id, String reason, String key) {
        return orders.cancelIfPending(tx, id, reason, now()).chain(moved -> moved.isPresent()
                ? emit(tx, moved.get(), EventTypes.ORDER_CANCELLED, key,
                        new OrderCancelled(id.toString(), moved.get().paymentId(), moved.get().customerId(), reason))
                : refuse(tx, id, "cancel"));
    }

    public Uni<Order> get(UUID id) {
        return orders.find(id).map(found -> found.orElseThrow(() -> notFound(id)));
    }

    private Uni<Order> emit(SqlConnection tx, Order order, String type, String key, Object data) {
        return outbox.append(tx, OutboxEvent.of(type, order.id().toString(), data).withId(type + ":" + key))
                .replaceWith(order);
    }

    /** The update matched nothing: tell an unknown order (404) from one in the wrong state (409). */
    private Uni<Order> refuse(SqlConnection tx, UUID id, String command) {
        return orders.find(tx, id).map((Optional<Order> found) -> {
            Order order = found.orElseThrow(() -> notFound(id));
            throw new ProblemException(409, "illegal-transition", "Illegal state transition",
                    "Order %s is %s; only a PENDING order can %s".formatted(id, order.state(), command));
        });
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
