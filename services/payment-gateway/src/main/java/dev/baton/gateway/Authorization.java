package dev.baton.gateway;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One authorization as stored ({@code payment_authorization}).
 *
 * @param authorizeKey  the Idempotency-Key of the authorize command that created it; void and capture find it by
 *                      this key
 * @param declineCode   why the provider declined; set exactly when {@code state} is DECLINED
 * @param capturedMinor how much was captured (0 before capture)
 * @param refundedMinor how much of the capture was refunded so far
 * @param voidReason    the reason the void gave, when VOIDED
 */
public record Authorization(UUID id, String authorizeKey, String paymentId, String customerId, long amountMinor,
        String currency, String paymentMethodToken, AuthorizationState state, String declineCode, long capturedMinor,
        long refundedMinor, String voidReason, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    /** What a refund may still give back. */
    public long refundableMinor() {
        return capturedMinor - refundedMinor;
    }
}
