package dev.baton.order.rest;

import dev.baton.order.Order;
import dev.baton.order.OrderState;
import dev.baton.order.service.OrderService;
import dev.baton.platform.command.IdempotencyKeys;
import dev.baton.platform.command.IdempotentCommands;
import dev.baton.platform.security.TaskQueueCommand;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Orders: the saga's commands (create, confirm, and cancel as the compensation of create), each applied once per
 * {@code Idempotency-Key} (protocol: deploy/workflows/README.md), and reads for clients and system tests.
 */
@Path("/v1")
@Tag(name = "orders", description = "Orders of the payment saga: create (PENDING), confirm, cancel")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    /** Set on a response that is the stored answer of an earlier request with the same key. */
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    private final IdempotentCommands commands;
    private final OrderService orders;

    public OrderResource(IdempotentCommands commands, OrderService orders) {
        this.commands = commands;
        this.orders = orders;
    }

    @TaskQueueCommand
    @POST
    @Path("orders")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a PENDING order for a payment (saga step create_order)",
            description = "201 with the order. 422 when the line items do not add up to amountMinor or the key was "
                    + "used for another request, 409 when the payment has an order or the create was compensated.")
    public Uni<Response> create(@Parameter(description = "required, at most 255 characters")
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @NotNull @Valid CreateOrderRequest request) {
        String key = IdempotencyKeys.require(idempotencyKey);
        var order = new OrderService.NewOrder(request.paymentId(), request.customerId(), request.customerEmail(),
                request.amountMinor(), request.currency(), request.lineItems().stream()
                        .map(i -> new Order.LineItem(i.sku(), i.description(), i.quantity(), i.unitAmountMinor()))
                        .toList());
        return commands.apply(key, "order.create", request, tx -> orders.create(tx, key, order)
                .map(o -> new IdempotentCommands.Result(201, OrderView.of(o))))
                .map(OrderResource::respond);
    }

    @TaskQueueCommand
    @POST
    @Path("orders:confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Confirm the order a create command made (saga step confirm_order, after the capture)",
            description = "200 with the CONFIRMED order; emits dev.baton.order.confirmed.v1. 404 when no order was "
                    + "created with createOrderKey, 409 when the order is not PENDING, 422 when it belongs to "
                    + "another payment or customer.")
    public Uni<Response> confirm(@Parameter(description = "required, at most 255 characters")
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @NotNull @Valid ConfirmOrderRequest request) {
        String key = IdempotencyKeys.require(idempotencyKey);
        return commands.apply(key, "order.confirm", request, tx -> orders.confirm(tx, request.createOrderKey(),
                request.paymentId(), request.customerId(), key)
                .map(o -> new IdempotentCommands.Result(200, OrderView.of(o))))
                .map(OrderResource::respond);
    }

    @TaskQueueCommand
    @POST
    @Path("orders:cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel the order a create command made (compensation of create_order)",
            description = "200 {state: CANCELLED, orderId} (emits dev.baton.order.cancelled.v1 when this call "
                    + "cancelled it) or {state: NOTHING_TO_CANCEL} (the create never applied; it now answers 409 "
                    + "if it arrives late). 409 when the order is CONFIRMED.")
    public Uni<Response> cancel(@Parameter(description = "required, at most 255 characters")
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @NotNull @Valid CancelOrderRequest request) {
        String key = IdempotencyKeys.require(idempotencyKey);
        return commands.compensate(key, "order.cancel", request, request.forwardKey(),
                (tx, forwardApplied) -> orders.cancel(tx, forwardApplied, request.forwardKey(), request.paymentId(),
                        request.customerId(), request.reason(), key)
                        .map(c -> new IdempotentCommands.Result(200, CancelView.of(c))))
                .map(OrderResource::respond);
    }

    @GET
    @Path("orders/{id}")
    @Operation(summary = "One order by id")
    public Uni<OrderView> get(@PathParam("id") @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String id) {
        return orders.get(UUID.fromString(id)).map(OrderView::of);
    }

    @GET
    @Path("orders")
    @Operation(summary = "Orders matching every given filter, newest first",
            description = "For example ?paymentId=... (at most one order per payment) or ?customerId=...&state=CONFIRMED. "
                    + "An empty parameter is no filter.")
    public Uni<List<OrderView>> list(@QueryParam("paymentId") String paymentId,
            @QueryParam("customerId") String customerId,
            @QueryParam("state") @Pattern(regexp = "(PENDING|CONFIRMED|CANCELLED)?",
                    message = "must be PENDING, CONFIRMED or CANCELLED") String state,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return orders.list(blankToNull(paymentId), blankToNull(customerId),
                blankToNull(state) == null ? null : OrderState.valueOf(state), limit)
                .map(list -> list.stream().map(OrderView::of).toList());
    }

    /** {@code ?paymentId=&state=} (empty values, as a query template leaves them) filters nothing. */
    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Response respond(IdempotentCommands.Outcome outcome) {
        var response = Response.status(outcome.status()).type(MediaType.APPLICATION_JSON).entity(outcome.body());
        if (outcome.replayed()) {
            response.header(REPLAYED_HEADER, "true");
        }
        return response.build();
    }
}
