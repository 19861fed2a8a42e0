package dev.baton.checkout;

/**
 * The saga's outcome for a payment, as its last command ({@code record_outcome}) reports it.
 *
 * @param customerId must be the payment's customer
 * @param status     SUCCEEDED or FAILED
 * @param orderId    the confirmed order (required when SUCCEEDED)
 * @param reason     machine-readable failure code ({@code card_declined}); {@code processing_error} when absent
 * @param message    failure detail safe to show the customer, or null
 * @param failedStep the saga step that failed ({@code capture}), or null
 */
public record Completion(String customerId, PaymentState status, String orderId, String reason, String message,
        String failedStep) {
}
