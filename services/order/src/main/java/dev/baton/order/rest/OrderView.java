package dev.baton.order.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.order.Order;
import dev.baton.order.OrderState;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An order as the API shows it; {@code cancelReason} only on CANCELLED orders. */
@Schema(name = "Order")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderView(UUID orderId, String paymentId, String customerId, String customerEmail, long amountMinor,
        String currency, List<LineItemView> lineItems, OrderState state, String cancelReason,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    /** One line of the order; {@code sku} only when it has one. */
    @Schema(name = "OrderLine")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LineItemView(String sku, String description, int quantity, long unitAmountMinor) {
    }

    static OrderView of(Order o) {
        return new OrderView(o.id(), o.paymentId(), o.customerId(), o.customerEmail(), o.amountMinor(), o.currency(),
                o.lineItems().stream().map(i -> new LineItemView(i.sku(), i.description(), i.quantity(),
                        i.unitAmountMinor())).toList(),
                o.state(), o.cancelReason(), o.createdAt(), o.updatedAt());
    }
}
