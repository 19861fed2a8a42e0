package dev.baton.checkout.repository;

/**
 * Every statement on {@code payment}; no SQL on that table lives anywhere else. Each takes "now" as a parameter so
 * tests control time. Transitions are guarded by the state they leave.
 */
final class PaymentQueries {

    static final String COLUMNS = """
            id, customer_id, customer_email, amount_minor, currency, payment_method_token, line_items::text AS line_items,
            billing_country, ip_country, description, state, execution_name, next_start_at, start_attempts,
            last_start_error, order_id, failure_reason, failure_message, failed_step, steps_done, observed_step,
            next_reconcile_at, abort_execution_name, created_at, updated_at, completed_at""";

    /**
     * $1 id, $2 customer, $3 email, $4 amount, $5 currency, $6 token, $7 line items (JSON text), $8 billing country,
     * $9 ip country, $10 description, $11 next start (now + lease: the request's own attempt holds it), $12 now.
     */
    static final String PaymentInsert = """
            INSERT INTO payment (id, customer_id, customer_email, amount_minor, currency, payment_method_token,
                                 line_items, billing_country, ip_country, description, state, next_start_at,
                                 start_attempts, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9, $10, 'PENDING', $11, 1, $12, $12)""";

    /** $1 id. */
    static final String PaymentFind = "SELECT " + COLUMNS + " FROM payment WHERE id = $1";

    /** $1 id. Locks the row: one completion at a time. */
    static final String PaymentFindForUpdate = PaymentFind + " FOR UPDATE";

    /**
     * $1 id, $2 execution name, $3 now, $4 first reconciliation due (now + age). PENDING to PROCESSING; no row when
     * no longer PENDING.
     */
    static final String PaymentRecordExecution = """
            UPDATE payment SET state = 'PROCESSING', execution_name = $2, next_start_at = NULL,
                               last_start_error = NULL, next_reconcile_at = $4, updated_at = $3
            WHERE id = $1 AND state = 'PENDING'
            RETURNING\s""" + COLUMNS;

    /** $1 id, $2 when the next attempt is due, $3 why this one failed, $4 now. Stays PENDING. */
    static final String PaymentScheduleStartRetry = """
            UPDATE payment SET next_start_at = $2, last_start_error = $3, updated_at = $4
            WHERE id = $1 AND state = 'PENDING'""";

    /**
     * $1 now, $2 lease end (now + lease), $3 limit. Claims PENDING payments whose start is due, oldest due first,
     * skipping rows another instance holds; each claim pushes {@code next_start_at} to the lease end so a crashed
     * claimer's payments come due again after the lease.
     */
    static final String PaymentClaimDueStarts = """
            UPDATE payment SET next_start_at = $2, start_attempts = start_attempts + 1, updated_at = $1
            WHERE id IN (SELECT id FROM payment
                         WHERE state = 'PENDING' AND next_start_at <= $1
                         ORDER BY next_start_at, id
                         LIMIT $3
                         FOR UPDATE SKIP LOCKED)
            RETURNING\s""" + COLUMNS;

    /** $1 id, $2 order id, $3 now. PENDING or PROCESSING to SUCCEEDED; no row when terminal already. */
    static final String PaymentSucceed = """
            UPDATE payment SET state = 'SUCCEEDED', order_id = $2, steps_done = 7, next_start_at = NULL,
                               next_reconcile_at = NULL, completed_at = $3, updated_at = $3
            WHERE id = $1 AND state IN ('PENDING', 'PROCESSING')
            RETURNING\s""" + COLUMNS;

    /**
     * $1 id, $2 reason, $3 message, $4 failed step, $5 steps done (null: unknown), $6 order id (or null), $7 now.
     * PENDING or PROCESSING to FAILED; no row when terminal already.
     */
    static final String PaymentFail = """
            UPDATE payment SET state = 'FAILED', failure_reason = $2, failure_message = $3, failed_step = $4,
                               steps_done = $5, order_id = $6, next_start_at = NULL, next_reconcile_at = NULL,
                               completed_at = $7, updated_at = $7
            WHERE id = $1 AND state IN ('PENDING', 'PROCESSING')
            RETURNING\s""" + COLUMNS;

    /**
     * $1 now, $2 lease end (now + lease), $3 limit. Claims PROCESSING payments whose reconciliation is due (they have
     * run longer than the configured age, or were last looked at a recheck interval ago), oldest due first, skipping
     * rows another instance holds; each claim pushes {@code next_reconcile_at} to the lease end, so a crashed
     * reconciler's payments come due again after the lease.
     */
    static final String PaymentClaimDueReconciles = """
            UPDATE payment SET next_reconcile_at = $2, updated_at = $1
            WHERE id IN (SELECT id FROM payment
                         WHERE state = 'PROCESSING' AND next_reconcile_at <= $1
                         ORDER BY next_reconcile_at, id
                         LIMIT $3
                         FOR UPDATE SKIP LOCKED)
            RETURNING\s""" + COLUMNS;

    /**
     * $1 id, $2 the abort execution's name, $3 when the next look is due, $4 now. Records the execution of
     * {@code payment-abort} the reconciler started, once: only while PROCESSING and only when none is recorded.
     */
    static final String PaymentRecordAbort = """
            UPDATE payment SET abort_execution_name = $2, next_reconcile_at = $3, updated_at = $4
            WHERE id = $1 AND state = 'PROCESSING' AND abort_execution_name IS NULL""";

    /** $1 id, $2 when the next look is due, $3 now. Only while PROCESSING: a settled payment needs no more looks. */
    static final String PaymentScheduleReconcile = """
            UPDATE payment SET next_reconcile_at = $2, updated_at = $3
            WHERE id = $1 AND state = 'PROCESSING'""";

    /**
     * $1 id, $2 step, $3 the saga's steps in order (text[]). Records the step a read of the execution saw, only
     * forward (a later read never moves it back) and only while PROCESSING.
     */
    static final String PaymentObserveStep = """
            UPDATE payment SET observed_step = $2
            WHERE id = $1 AND state = 'PROCESSING'
              AND coalesce(array_position($3::text[], observed_step), 0) < array_position($3::text[], $2)""";

    /**
     * $1 customer, $2 state, $3 created after, $4 created before (each null: any), $5/$6 the last row of the
     * previous page (created_at, id; null: first page), $7 limit. Newest first, keyset-paginated.
     */
    static final String PaymentList = "SELECT " + COLUMNS + """
             FROM payment
            WHERE ($1::text IS NULL OR customer_id = $1)
              AND ($2::text IS NULL OR state = $2)
              AND ($3::timestamptz IS NULL OR created_at > $3)
              AND ($4::timestamptz IS NULL OR created_at < $4)
              AND ($5::timestamptz IS NULL OR (created_at, id) < ($5, $6::uuid))
            ORDER BY created_at DESC, id DESC
            LIMIT $7""";

    private PaymentQueries() {
    }
}
