package dev.baton.checkout;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A payment as stored in {@code payment}.
 *
 * @param executionName  the engine's execution, once created (always set in PROCESSING)
 * @param nextStartAt    while PENDING: when the next attempt to create the execution is due
 * @param startAttempts  attempts made to create the execution (the request's own counts)
 * @param lastStartError why the last attempt failed, for operators
 * @param failureReason  machine-readable reason when FAILED ({@code card_declined})
 * @param failedStep     the saga step that failed, as the saga reported it
 * @param stepsDone      saga steps done, stored when terminal (7 when SUCCEEDED)
 * @param observedStep   while PROCESSING: the furthest saga step a read of the execution has seen, or null
 * @param nextReconcileAt while PROCESSING: when the reconciler next reads the execution (null otherwise)
 * @param abortExecutionName the execution of {@code payment-abort} the reconciler started because the saga ended
 *                           without compensating (cancelled, or an error escaped it); null otherwise
 */
public record Payment(UUID id, String customerId, String customerEmail, long amountMinor, String currency,
        String paymentMethodToken, List<LineItem> lineItems, String billingCountry, String ipCountry,
        String description, PaymentState state, String executionName, OffsetDateTime nextStartAt,
        int startAttempts, String lastStartError, String orderId, String failureReason, String failureMessage,
        String failedStep, Integer stepsDone, String observedStep, OffsetDateTime nextReconcileAt,
        String abortExecutionName, OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime completedAt) {
}
