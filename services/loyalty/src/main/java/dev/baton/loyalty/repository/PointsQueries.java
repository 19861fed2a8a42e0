package dev.baton.loyalty.repository;

/**
 * The only home of SQL on {@code order_points}, {@code order_refund}, {@code points_entry} and
 * {@code points_account}. Each event first makes sure its order has a row ({@code ...Insert... ON CONFLICT DO
 * NOTHING}), then locks it ({@code OrderPointsFindForUpdate}): events of one order apply one after the other, in
 * whatever order they arrive.
 */
final class PointsQueries {

    /** $1 order, $2 customer, $3 amount, $4 currency, $5 earned, $6 time. No row: the order has a row already. */
    static final String ORDER_POINTS_INSERT_EARNED = """
            INSERT INTO order_points (order_id, customer_id, amount_minor, currency, earned, earned_at, state)
            VALUES ($1, $2, $3, $4, $5, $6, 'EARNED')
            ON CONFLICT (order_id) DO NOTHING
            """;

    /** $1 order, $2 customer. No row: the order has a row already. */
    static final String ORDER_POINTS_INSERT_AWAITING_CONFIRMATION = """
            INSERT INTO order_points (order_id, customer_id, state) VALUES ($1, $2, 'AWAITING_CONFIRMATION')
            ON CONFLICT (order_id) DO NOTHING
            """;

    /** $1 order, $2 customer, $3 time. No row: the order has a row already. */
    static final String ORDER_POINTS_INSERT_CANCELLED = """
            INSERT INTO order_points (order_id, customer_id, state, cancelled_at) VALUES ($1, $2, 'CANCELLED', $3)
            ON CONFLICT (order_id) DO NOTHING
            """;

    /** $1 order. Locks the row: events of one order apply one after the other. */
    static final String ORDER_POINTS_FIND_FOR_UPDATE = """
            SELECT order_id, customer_id, amount_minor, currency, earned, refunded_minor, reversed, state
            FROM order_points WHERE order_id = $1 FOR UPDATE
            """;

    /** $1 order. */
    static final String ORDER_POINTS_FIND = """
            SELECT order_id, customer_id, amount_minor, currency, earned, refunded_minor, reversed, state
            FROM order_points WHERE order_id = $1
            """;

    /**
     * $1 order, $2 customer, $3 amount, $4 currency, $5 earned, $6 time. The held refunds are applied after it. The
     * customer is the order's own (the row was made from a refund's data).
     */
    static final String ORDER_POINTS_CONFIRM_IF_AWAITING = """
            UPDATE order_points
            SET customer_id = $2, amount_minor = $3, currency = $4, earned = $5, earned_at = $6, state = 'EARNED'
            WHERE order_id = $1 AND state = 'AWAITING_CONFIRMATION'
            """;

    /** $1 order, $2 time. */
    static final String ORDER_POINTS_CANCEL_IF_AWAITING = """
            UPDATE order_points SET state = 'CANCELLED', cancelled_at = $2
            WHERE order_id = $1 AND state = 'AWAITING_CONFIRMATION'
            """;

    /** $1 order, $2 new refunded total, $3 new reversed total, $4 new state. */
    static final String ORDER_POINTS_UPDATE_ON_REFUND = """
            UPDATE order_points SET refunded_minor = $2, reversed = $3, state = $4
            WHERE order_id = $1 AND state IN ('EARNED', 'PARTIALLY_REVERSED')
            """;

    /**
     * $1 refund, $2 order, $3 customer, $4 amount, $5 currency, $6 state, $7 refund time, $8 settled time or null,
     * $9 note. No row: this refund id was received before.
     */
    static final String ORDER_REFUND_INSERT = """
            INSERT INTO order_refund (refund_id, order_id, customer_id, amount_minor, currency, state, refunded_at,
                                      settled_at, note)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (refund_id) DO NOTHING
            """;

    /** $1 order. Held refunds in the order they happened. */
    static final String ORDER_REFUND_LIST_PENDING = """
            SELECT refund_id, order_id, amount_minor, currency, state, refunded_at, settled_at, note
            FROM order_refund WHERE order_id = $1 AND state = 'PENDING' ORDER BY refunded_at, refund_id
            """;

    /** $1 order. Every refund of the order, in the order they happened. */
    static final String ORDER_REFUND_LIST_BY_ORDER = """
            SELECT refund_id, order_id, amount_minor, currency, state, refunded_at, settled_at, note
            FROM order_refund WHERE order_id = $1 ORDER BY refunded_at, refund_id
            """;

    /** $1 refund, $2 new state (APPLIED or CLOSED), $3 time, $4 note. */
    static final String ORDER_REFUND_SETTLE_PENDING = """
            UPDATE order_refund SET state = $2, settled_at = $3, note = $4
            WHERE refund_id = $1 AND state = 'PENDING'
            """;

    /** $1 order, $2 time, $3 note. */
    static final String ORDER_REFUND_CLOSE_ALL_PENDING = """
            UPDATE order_refund SET state = 'CLOSED', settled_at = $2, note = $3
            WHERE order_id = $1 AND state = 'PENDING'
            """;

    /** $1 customer, $2 order, $3 kind, $4 reference, $5 points, $6 time. No row: this fact was applied before. */
    static final String POINTS_ENTRY_INSERT = """
            INSERT INTO points_entry (customer_id, order_id, kind, reference, points, occurred_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (kind, reference) DO NOTHING
            """;

    /** $1 customer, $2 limit. Newest first. */
    static final String POINTS_ENTRY_LIST_BY_CUSTOMER = """
            SELECT order_id, kind, reference, points, occurred_at
            FROM points_entry WHERE customer_id = $1 ORDER BY id DESC LIMIT $2
            """;

    /** $1 customer, $2 delta. */
    static final String POINTS_ACCOUNT_ADD = """
            INSERT INTO points_account (customer_id, balance, updated_at) VALUES ($1, $2, now())
            ON CONFLICT (customer_id) DO UPDATE SET balance = points_account.balance + $2, updated_at = now()
            """;

    /** $1 customer. */
    static final String POINTS_ACCOUNT_FIND = """
            SELECT customer_id, balance, updated_at FROM points_account WHERE customer_id = $1
            """;

    private PointsQueries() {
    }
}
