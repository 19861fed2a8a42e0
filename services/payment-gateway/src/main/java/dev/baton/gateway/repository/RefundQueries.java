package dev.baton.gateway.repository;

/** Every statement on {@code payment_refund}; no SQL on that table lives anywhere else. */
final class RefundQueries {

    static final String COLUMNS = """
            id, refund_key, capture_id, authorization_id, payment_id, order_id, amount_minor, currency, reason,
            created_at""";

    /** $1 id, $2 key, $3 capture, $4 authorization, $5 payment, $6 order, $7 amount, $8 currency, $9 reason, $10 now. */
    static final String RefundInsert = """
            INSERT INTO payment_refund (id, refund_key, capture_id, authorization_id, payment_id, order_id,
                                        amount_minor, currency, reason, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""";

    /** $1 payment id, oldest first. */
    static final String RefundListByPayment = "SELECT " + COLUMNS
            + " FROM payment_refund WHERE payment_id = $1 ORDER BY created_at, id";

    private RefundQueries() {
    }
}
