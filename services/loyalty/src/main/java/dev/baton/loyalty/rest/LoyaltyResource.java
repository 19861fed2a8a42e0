package dev.baton.loyalty.rest;

import dev.baton.loyalty.OrderPointsState;
import dev.baton.loyalty.RefundState;
import dev.baton.loyalty.repository.PointsRepository;
import dev.baton.platform.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Balances and their history per customer, and what loyalty knows of an order. Read-only: events change points. */
@Path("/v1/loyalty")
@Produces(MediaType.APPLICATION_JSON)
public class LoyaltyResource {

    /** A customer's balance. */
    public record BalanceView(String customerId, long balance, OffsetDateTime updatedAt) {
    }

    /** One balance change: EARNED by an order (reference = order id) or REVERSED by a refund (reference = refund id). */
    public record HistoryItem(String orderId, String kind, String reference, long points, OffsetDateTime occurredAt) {
    }

    /** One refund of an order and what it did: APPLIED, PENDING (held until the confirmation) or CLOSED. */
    public record RefundView(String refundId, long amountMinor, String currency, RefundState state,
            OffsetDateTime refundedAt, OffsetDateTime settledAt, String note) {
    }

    /**
     * An order's points; {@code amountMinor}, {@code currency} and {@code earned} are null until it is confirmed.
     */
    public record OrderView(String orderId, String customerId, OrderPointsState state, Long amountMinor,
            String currency, Long earned, long refundedMinor, long reversed, List<RefundView> refunds) {
    }

    private final PointsRepository repository;

    public LoyaltyResource(PointsRepository repository) {
        this.repository = repository;
    }

    @GET
    @Path("/customers/{customerId}")
    @Operation(summary = "Points balance of a customer; 404 when the customer never earned any")
    public Uni<BalanceView> balance(@PathParam("customerId") String customerId) {
        return repository.findAccount(customerId).map(found -> found
                .map(a -> new BalanceView(a.customerId(), a.balance(), a.updatedAt()))
                .orElseThrow(() -> new ProblemException(404, "account-not-found", "No points account",
                        "No points account for customer " + customerId)));
    }

    @GET
    @Path("/customers/{customerId}/history")
    @Operation(summary = "Balance changes of a customer, newest first")
    public Uni<List<HistoryItem>> history(@PathParam("customerId") String customerId,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        return repository.history(customerId, Math.clamp(limit, 1, 1000)).map(entries -> entries.stream()
                .map(e -> new HistoryItem(e.orderId(), e.kind(), e.reference(), e.points(), e.occurredAt()))
                .toList());
    }

    @GET
    @Path("/orders/{orderId}")
    @Operation(summary = "An order's points state and its refunds; 404 when no event of the order arrived yet")
    public Uni<OrderView> order(@PathParam("orderId") String orderId) {
        return repository.findOrder(orderId).flatMap(found -> {
            var order = found.orElseThrow(() -> new ProblemException(404, "order-not-found", "Order not known",
                    "No event of order " + orderId + " has arrived"));
            return repository.refundsOf(orderId).map(refunds -> new OrderView(order.orderId(), order.customerId(),
                    order.state(), order.amountMinor(), order.currency(), order.earned(), order.refundedMinor(),
                    order.reversed(), refunds.stream().map(r -> new RefundView(r.refundId(), r.amountMinor(),
                            r.currency(), r.state(), r.refundedAt(), r.settledAt(), r.note())).toList()));
        });
    }
}
