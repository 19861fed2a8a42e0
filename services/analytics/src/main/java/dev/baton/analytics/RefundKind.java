package dev.baton.analytics;

/**
 * What a refund ({@code dev.baton.payment.refunded.v1}) means for revenue, decided by the outcome of its payment.
 * Not stored: the revenue and summary queries derive it by joining each refund to {@code payment_outcome} when they
 * run, so it is the same whichever of the refund and the outcome arrived first, and a rebuild cannot change it.
 */
public enum RefundKind {
    /**
     * The payment SUCCEEDED: money that counted as revenue went back (a customer-service refund). Subtracted from
     * net revenue.
     */
    CUSTOMER,
    /**
     * The payment FAILED: the payment saga captured the money, a later step failed, and the compensation gave it back.
     * It never counted as revenue, so it is reported apart ({@code compensationRefunds}) and not subtracted.
     */
    COMPENSATION,
    /**
     * No outcome of the payment has arrived yet (the gateway's refund and checkout's outcome travel through separate
     * outboxes). Reported apart ({@code unmatchedRefunds}) and not subtracted until the outcome says which it is; a
     * refund that stays here means an outcome event is missing.
     */
    UNMATCHED
}
