package dev.baton.order;

/**
 * Where an order is in its life, mirrored by {@code customer_order_state_check}. Every transition is one
 * {@code UPDATE ... WHERE state = 'PENDING'}, so a late or duplicate command changes nothing.
 *
 * <pre>{@code
 * stateDiagram-v2
 *     [*] --> PENDING: create
 *     PENDING --> CONFIRMED: confirm
 *     PENDING --> CANCELLED: cancel
 *     CONFIRMED --> [*]
 *     CANCELLED --> [*]
 * }</pre>
 */
public enum OrderState {

    /**
     * Created by the payment saga after the card was authorized; waits for the capture. Left by confirm (the saga's
     * last step) or cancel (its compensation).
     */
    PENDING,

    /** Terminal. The payment was captured; {@code dev.baton.order.confirmed.v1} is emitted on entry. */
    CONFIRMED,

    /**
     * Terminal. A compensation gave up on the order before it was confirmed; {@code dev.baton.order.cancelled.v1} is
     * emitted on entry. Money captured for a confirmed order is given back by a gateway refund, never by cancelling.
     */
    CANCELLED
}
