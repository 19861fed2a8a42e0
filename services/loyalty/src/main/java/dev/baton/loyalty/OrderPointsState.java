package dev.baton.loyalty;

/**
 * Where loyalty stands with one order; mirrored by {@code order_points.state}'s CHECK constraints. The row is made
 * by whichever of the order's events arrives first: order and payment-gateway publish through separate outboxes
 * and relays, so a refund or a cancellation may arrive before (or instead of) the confirmation. Every transition is
 * an {@code UPDATE ... WHERE state = <expected>} on the row locked by {@code OrderPointsFindForUpdate}, so a late or
 * duplicate event changes nothing.
 *
 * <pre>{@code
 * stateDiagram-v2
 *     [*] --> EARNED: order.confirmed
 *     [*] --> AWAITING_CONFIRMATION: payment.refunded (refund held PENDING)
 *     [*] --> CANCELLED: order.cancelled
 *     AWAITING_CONFIRMATION --> AWAITING_CONFIRMATION: another refund (held PENDING)
 *     AWAITING_CONFIRMATION --> EARNED: order.confirmed, no refund held
 *     AWAITING_CONFIRMATION --> PARTIALLY_REVERSED: order.confirmed, held refunds applied (part of the amount)
 *     AWAITING_CONFIRMATION --> REVERSED: order.confirmed, held refunds applied (all of the amount)
 *     AWAITING_CONFIRMATION --> CANCELLED: order.cancelled (held refunds CLOSED)
 *     EARNED --> PARTIALLY_REVERSED: partial refund
 *     EARNED --> REVERSED: full refund
 *     PARTIALLY_REVERSED --> PARTIALLY_REVERSED: another partial refund
 *     PARTIALLY_REVERSED --> REVERSED: the rest refunded
 * }</pre>
 *
 * <p>Not drawn because they change nothing: a confirmation of a CANCELLED order earns nothing; a refund of a
 * CANCELLED order is recorded CLOSED; a cancellation of a confirmed order (order refuses to cancel one, so this
 * would be a producer bug) leaves its points to the refunds that return its money.
 */
public enum OrderPointsState {
    /**
     * A refund arrived for an order loyalty has no confirmation of: it is held as a PENDING {@link RefundState}
     * row, with no effect on any balance. Entered on the first such refund; left by the order's confirmation (the
     * held refunds are applied at once) or its cancellation (they are closed without effect). This is the normal
     * path of a payment saga that captured the money and then failed to confirm the order: the refund (and the
     * cancellation) may arrive in any order, and no confirmation ever comes.
     */
    AWAITING_CONFIRMATION,
    /** Points credited for the order's amount by the points rule; no refund yet. Entered on order confirmed. */
    EARNED,
    /** Some of the order's amount was refunded; points were taken back in proportion. */
    PARTIALLY_REVERSED,
    /** All of it was refunded and every point earned is taken back. Terminal. */
    REVERSED,
    /**
     * The order was cancelled before loyalty saw a confirmation (a saga compensation): it never earns, refunds of
     * it are closed without effect. Entered on order cancelled, from nothing or from AWAITING_CONFIRMATION. Terminal.
     */
    CANCELLED;

    /** Whether the order was confirmed and its amount, currency and points are known. */
    public boolean confirmed() {
        return this == EARNED || this == PARTIALLY_REVERSED || this == REVERSED;
    }
}
