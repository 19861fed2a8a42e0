package dev.baton.order.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.order.service.OrderService;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer of {@code POST /v1/orders:cancel}: {@code state} CANCELLED with the order's id, or NOTHING_TO_CANCEL
 * (no order was created under the forward key) without one.
 */
@Schema(name = "Cancellation")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CancelView(OrderService.CancelStatus state, UUID orderId) {

    static CancelView of(OrderService.Cancellation c) {
        return new CancelView(c.status(), c.order().map(o -> o.id()).orElse(null));
    }
}
