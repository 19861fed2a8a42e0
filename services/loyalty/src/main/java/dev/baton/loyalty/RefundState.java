package dev.baton.loyalty;

/**
 * What one refund ({@code dev.baton.payment.refunded.v1}, keyed by its refund id) did to an order's points; mirrored
 * by {@code order_refund.state}'s CHECK constraint. Moved only by {@code OrderRefundSettlePending ... WHERE state =
 * 'PENDING'} and {@code OrderRefundCloseAllPending ... WHERE state = 'PENDING'}.
 *
 * <pre>{@code
 * stateDiagram-v2
 *     [*] --> APPLIED: refund of a confirmed order
 *     [*] --> PENDING: refund of an order not confirmed yet
 *     [*] --> CLOSED: refund of a cancelled order
 *     PENDING --> APPLIED: the order's confirmation arrives
 *     PENDING --> CLOSED: the order's cancellation arrives
 * }</pre>
 */
public enum RefundState {
    /**
     * Held: the order has no confirmation yet ({@link OrderPointsState#AWAITING_CONFIRMATION}), so there are no
     * points to take back. Left when the confirmation (to APPLIED) or the cancellation (to CLOSED) arrives.
     */
    PENDING,
    /** Points were taken back in proportion to the amount (a REVERSED history entry names the refund). Terminal. */
    APPLIED,
    /**
     * Closed without effect: the order was cancelled (the saga gave the captured money back; the order never
     * earned), or the refund's currency differs from the order's ({@code note} says which). Terminal.
     */
    CLOSED
}
