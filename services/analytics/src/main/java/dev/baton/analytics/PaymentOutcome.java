package dev.baton.analytics;

/**
 * How a payment ended, as the read model records it; mirrored by {@code payment_outcome.outcome}'s CHECK
 * constraint. Written once per payment (the first terminal event wins; a payment has only one).
 */
public enum PaymentOutcome {
    /** {@code dev.baton.payment.succeeded.v1}: money captured. Counts as approved. */
    SUCCEEDED,
    /** {@code dev.baton.payment.failed.v1}: no money captured; the reason code is kept. */
    FAILED
}
