package dev.baton.fraud;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One stored assessment ({@code fraud_assessment}): what was judged and the judgement. Immutable once written.
 *
 * @param assessmentKey the Idempotency-Key of the assess command that made it
 * @param reasons       every rule that fired, in evaluation order; empty exactly when APPROVE
 * @param assessedAt    the rules' "now": velocity windows end here
 */
public record Assessment(UUID id, String assessmentKey, String paymentId, String customerId, String customerEmail,
        long amountMinor, String currency, String paymentMethodToken, String billingCountry, String ipCountry,
        Verdict verdict, int score, List<Reason> reasons, OffsetDateTime assessedAt) {
}
