package dev.baton.order.repository;

/** Every statement on {@code customer_order}; no SQL on that table lives anywhere else. Reactive client, $n. */
final class OrderQueries {

    /**
     * $1 id, $2 payment id, $3 customer, $4 email, $5 amount, $6 currency, $7 line items, $8 create key, $9 now.
     * Inserts nothing when the payment has an order already (one order per payment).
     */
    static final String ORDER_INSERT = """
            INSERT INTO customer_order (id, payment_id, customer_id, customer_email, amount_minor, currency,
                                        line_items, state, create_key, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, $9, $9)
            ON CONFLICT (payment_id) DO NOTHING
            """;

    static final String ORDER_COLUMNS = """
            id, payment_id, customer_id, customer_email, amount_minor, currency, line_items::text, state,
            cancel_reason, create_key, created_at, updated_at""";

    /** $1 id. */
    static final String ORDER_FIND = "SELECT " + ORDER_COLUMNS + " FROM customer_order WHERE id = $1";

    /** $1 payment id. */
    static final String ORDER_FIND_BY_PAYMENT = "SELECT " + ORDER_COLUMNS + " FROM customer_order WHERE payment_id = $1";

    /** $1 the Idempotency-Key of the create command. */
    static final String ORDER_FIND_BY_CREATE_KEY = "SELECT " + ORDER_COLUMNS
            + " FROM customer_order WHERE create_key = $1";

    /** $1 payment id, $2 customer id, $3 state (each null for any), $4 limit. Newest first. */
    static final String ORDER_LIST = "SELECT " + ORDER_COLUMNS + """
             FROM customer_order
            WHERE ($1::text IS NULL OR payment_id = $1)
              AND ($2::text IS NULL OR customer_id = $2)
              AND ($3::text IS NULL OR state = $3)
            ORDER BY created_at DESC, id
            LIMIT $4""";

    /** $1 id, $2 now. Moves a PENDING order to CONFIRMED; no row when it is not PENDING. */
    static final String ORDER_CONFIRM_IF_PENDING = """
            UPDATE customer_order SET state = 'CONFIRMED', updated_at = $2
            WHERE id = $1 AND state = 'PENDING'
            RETURNING\s""" + ORDER_COLUMNS;

    /** $1 id, $2 reason, $3 now. Moves a PENDING order to CANCELLED; no row when it is not PENDING. */
    static final String ORDER_CANCEL_IF_PENDING = """
            UPDATE customer_order SET state = 'CANCELLED', cancel_reason = $2, updated_at = $3
            WHERE id = $1 AND state = 'PENDING'
            RETURNING\s""" + ORDER_COLUMNS;

    private OrderQueries() {
    }
}
