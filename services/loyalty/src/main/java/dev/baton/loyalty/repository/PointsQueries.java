package dev.baton.loyalty.repository;

/** The only home of SQL on {@code order_points}, {@code points_entry} and {@code points_account}. */
final class PointsQueries {

    /** $1 order, $2 customer, $3 amount, $4 currency, $5 earned, $6 time. No row: the order earned already. */
    static final String ORDER_POINTS_INSERT = """
            INSERT INTO order_points (order_id, customer_id, amount_minor, currency, earned, earned_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (order_id) DO NOTHING
            """;

    /** $1 order. Locks the row: concurrent refunds of one order apply one after the other. */
    static final String ORDER_POINTS_FIND_FOR_UPDATE = """
            SELECT order_id, customer_id, amount_minor, currency, earned, refunded_minor, reversed, state
            FROM order_points WHERE order_id = $1 FOR UPDATE
            """;

    /** $1 order, $2 new refunded total, $3 new reversed total, $4 new state. */
    static final String ORDER_POINTS_UPDATE_ON_REFUND = """
            UPDATE order_points SET refunded_minor = $2, reversed = $3, state = $4
            WHERE order_id = $1 AND state IN ('EARNED', 'PARTIALLY_REVERSED')
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
