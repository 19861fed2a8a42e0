package dev.baton.gateway;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One refund as stored ({@code payment_refund}): part or all of a capture given back.
 *
 * @param refundKey the Idempotency-Key of the refund command (the saga's compensation key, or an operator's)
 */
public record Refund(UUID id, String refundKey, UUID captureId, UUID authorizationId, String paymentId,
        String orderId, long amountMinor, String currency, String reason, OffsetDateTime createdAt) {
}
