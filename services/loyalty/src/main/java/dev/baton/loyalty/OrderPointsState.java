package dev.baton.loyalty;

/**
 * What has happened to the points of one confirmed order; mirrored by {@code order_points.state}'s CHECK
 * constraint. Moves only through {@code OrderPointsUpdateOnRefund ... WHERE state IN (EARNED, PARTIALLY_REVERSED)}.
 *
 * <pre>{@code
 * stateDiagram-v2
 *     [*] --> EARNED: dev.baton.order.confirmed.v1
 *     EARNED --> PARTIALLY_REVERSED: partial refund
 *     EARNED --> REVERSED: full refund
 *     PARTIALLY_REVERSED --> PARTIALLY_REVERSED: another partial refund
 *     PARTIALLY_REVERSED --> REVERSED: the rest refunded
 * }</pre>
 */
public enum OrderPointsState {
    /** Points credited for the order's amount by the points rule; no refund yet. Entered on order confirmed. */
    EARNED,
    /** Some of the order's amount was refunded; points were taken back in proportion. */
    PARTIALLY_REVERSED,
    /** All of it was refunded and every point earned is taken back. Terminal. */
    REVERSED
}
