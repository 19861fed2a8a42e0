package dev.baton.email;

/** Which mail a row is, one per event type consumed. */
public enum EmailKind {
    /** Receipt for {@code dev.baton.order.confirmed.v1}. */
    RECEIPT,
    /** Notice for {@code dev.baton.payment.failed.v1}. */
    PAYMENT_FAILED,
    /** Notice for {@code dev.baton.payment.refunded.v1}. */
    REFUND
}
