package dev.baton.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An order as stored. Amounts are in minor units of {@code currency}; the line items add up to {@code amountMinor}.
 *
 * @param createKey    the Idempotency-Key of the command that created the order: the saga's handle on it
 * @param cancelReason why a compensation cancelled it; present exactly when {@code state} is CANCELLED
 */
public record Order(UUID id, String paymentId, String customerId, String customerEmail, long amountMinor,
        String currency, List<LineItem> lineItems, OrderState state, String cancelReason, String createKey,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    /**
     * One line of an order, stored as JSON in the order row and sent as is in {@code dev.baton.order.confirmed.v1}.
     * {@code sku} is optional and left out of the JSON when absent (the event schema has no null for it).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LineItem(String sku, String description, int quantity, long unitAmountMinor) {
    }
}
