package dev.baton.gateway;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One capture as stored ({@code payment_capture}); at most one per authorization.
 *
 * @param captureKey the Idempotency-Key of the capture command; refunds find the capture by this key
 */
public record Capture(UUID id, String captureKey, UUID authorizationId, String paymentId, long amountMinor,
        String currency, OffsetDateTime createdAt) {
}
