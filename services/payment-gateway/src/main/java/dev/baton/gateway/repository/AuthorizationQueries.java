package dev.baton.gateway.repository;

/**
 * Every statement on {@code payment_authorization}; no SQL on that table lives anywhere else. Transitions are
 * guarded by the state they leave ({@code WHERE state = ...}) and return the row they moved, or nothing.
 */
final class AuthorizationQueries {

    static final String COLUMNS = """
            id, authorize_key, payment_id, customer_id, amount_minor, currency, payment_method_token, state,
            decline_code, captured_minor, refunded_minor, void_reason, created_at, updated_at""";

    /** $1 id, $2 key, $3 payment, $4 customer, $5 amount, $6 currency, $7 token, $8 state, $9 decline code, $10 now. */
    static final String AuthorizationInsert = """
            INSERT INTO payment_authorization (id, authorize_key, payment_id, customer_id, amount_minor, currency,
                                               payment_method_token, state, decline_code, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)""";

    /** $1 id. */
    static final String AuthorizationFind = "SELECT " + COLUMNS + " FROM payment_authorization WHERE id = $1";

    /**
     * $1 authorize key. Locks the row: void, capture and refund of one authorization run one after another, each
     * seeing what the one before it committed.
     */
    static final String AuthorizationFindByKeyForUpdate = "SELECT " + COLUMNS
            + " FROM payment_authorization WHERE authorize_key = $1 FOR UPDATE";

    /** $1 id; locks the row (see {@link #AuthorizationFindByKeyForUpdate}). */
    static final String AuthorizationFindForUpdate = "SELECT " + COLUMNS
            + " FROM payment_authorization WHERE id = $1 FOR UPDATE";

    /** $1 payment id: every authorization of the payment, oldest first. */
    static final String AuthorizationListByPayment = "SELECT " + COLUMNS
            + " FROM payment_authorization WHERE payment_id = $1 ORDER BY created_at, id";

    /** $1 id, $2 reason, $3 now. AUTHORIZED to VOIDED. */
    static final String AuthorizationVoidIfAuthorized = """
            UPDATE payment_authorization SET state = 'VOIDED', void_reason = $2, updated_at = $3
            WHERE id = $1 AND state = 'AUTHORIZED'
            RETURNING\s""" + COLUMNS;

    /** $1 id, $2 amount, $3 now. AUTHORIZED to CAPTURED, never above the authorized amount. */
    static final String AuthorizationCaptureIfAuthorized = """
            UPDATE payment_authorization SET state = 'CAPTURED', captured_minor = $2, updated_at = $3
            WHERE id = $1 AND state = 'AUTHORIZED' AND $2 > 0 AND $2 <= amount_minor
            RETURNING\s""" + COLUMNS;

    /**
     * $1 id, $2 amount, $3 now. CAPTURED or PARTIALLY_REFUNDED to PARTIALLY_REFUNDED, or to REFUNDED when nothing
     * is left; never more than captured minus refunded.
     */
    static final String AuthorizationRefundIfCaptured = """
            UPDATE payment_authorization
            SET refunded_minor = refunded_minor + $2,
                state = CASE WHEN refunded_minor + $2 = captured_minor THEN 'REFUNDED' ELSE 'PARTIALLY_REFUNDED' END,
                updated_at = $3
            WHERE id = $1 AND state IN ('CAPTURED', 'PARTIALLY_REFUNDED') AND $2 > 0
              AND refunded_minor + $2 <= captured_minor
            RETURNING\s""" + COLUMNS;

    private AuthorizationQueries() {
    }
}
