package dev.baton.order;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** An order as stored. Amounts are in minor units of {@code currency}. */
public record Order(UUID id, String paymentId, String customerId, String customerEmail, long amountMinor,
        String currency, List<LineItem> lineItems, OrderState state, String cancelReason, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    /** One line of an order. {@code sku} is optional. */
    public record LineItem(String sku, String description, int quantity, long unitAmountMinor) {
    }
}
