package dev.baton.loyalty.rest;

import dev.baton.loyalty.repository.PointsRepository;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Balances and their history, per customer. Read-only: points change only through events. */
@Path("/v1/loyalty/customers/{customerId}")
@Produces(MediaType.APPLICATION_JSON)
public class LoyaltyResource {

    /** A customer's balance. */
    public record BalanceView(String customerId, long balance, OffsetDateTime updatedAt) {
    }

    /** One balance change: EARNED by an order (reference = order id) or REVERSED by a refund (reference = refund id). */
    public record HistoryItem(String orderId, String kind, String reference, long points, OffsetDateTime occurredAt) {
    }

    private final PointsRepository repository;

    public LoyaltyResource(PointsRepository repository) {
        this.repository = repository;
    }

    @GET
    @Operation(summary = "Points balance of a customer; 404 when the customer never earned any")
    public Uni<Response> balance(@PathParam("customerId") String customerId) {
        return repository.findAccount(customerId).map(found -> found
                .map(a -> Response.ok(new BalanceView(a.customerId(), a.balance(), a.updatedAt())).build())
                .orElseGet(() -> Response.status(404).type("application/problem+json")
                        .entity(Map.of("status", 404, "detail", "No points account for customer " + customerId))
                        .build()));
    }

    @GET
    @Path("/history")
    @Operation(summary = "Balance changes of a customer, newest first")
    public Uni<List<HistoryItem>> history(@PathParam("customerId") String customerId,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        return repository.history(customerId, Math.clamp(limit, 1, 1000)).map(entries -> entries.stream()
                .map(e -> new HistoryItem(e.orderId(), e.kind(), e.reference(), e.points(), e.occurredAt()))
                .toList());
    }
}
