package dev.baton.analytics.repository;

/** The only home of SQL on the event log and the read model's tables. */
final class ReadModelQueries {

    /** $1 source, $2 id, $3 type, $4 time, $5 data. No row: the event is logged already. */
    static final String EVENT_LOG_INSERT = """
            INSERT INTO event_log (source, event_id, type, time, data) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (source, event_id) DO NOTHING
            """;

    /** Keeps handlers from logging events while a rebuild replays the log. */
    static final String EVENT_LOG_LOCK_FOR_REBUILD = "LOCK TABLE event_log IN EXCLUSIVE MODE";

    /** $1 after seq, $2 limit. */
    static final String EVENT_LOG_PAGE = """
            SELECT seq, type, time, data FROM event_log WHERE seq > $1 ORDER BY seq LIMIT $2
            """;

    static final String READ_MODEL_TRUNCATE = "TRUNCATE revenue_bucket, payment_outcome, refund, fraud_assessment, saga_run";

    /** $1 granularity, $2 bucket, $3 currency, $4 captured, $5 payments. Captures only: refunds see RefundList. */
    static final String REVENUE_BUCKET_ADD = """
            INSERT INTO revenue_bucket (granularity, bucket_start, currency, captured_minor, payments)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (granularity, bucket_start, currency) DO UPDATE SET
                captured_minor = revenue_bucket.captured_minor + EXCLUDED.captured_minor,
                payments = revenue_bucket.payments + EXCLUDED.payments
            """;

    /**
     * $1 granularity, $2 from, $3 to, $4 currency or null. Captures from revenue_bucket, refunds bucketed by their own
     * time (UTC) and classified by their payment's outcome now (dev.baton.analytics.RefundKind); a bucket with only
     * refunds is listed too. Buckets start in {@code [from, to)}; a refund is at or after its bucket's start, so
     * {@code refunded_at >= from} and {@code refunded_at < to + 1 day} only narrow the scan.
     */
    static final String REVENUE_LIST_BETWEEN = """
            WITH captured AS (
                SELECT bucket_start, currency, captured_minor, payments
                FROM revenue_bucket
                WHERE granularity = $1 AND bucket_start >= $2 AND bucket_start < $3
                  AND ($4::text IS NULL OR currency = $4)
            ), classified AS (
                SELECT date_trunc(lower($1), r.refunded_at, 'UTC') AS bucket_start, r.currency, r.amount_minor,
                       CASE o.outcome WHEN 'SUCCEEDED' THEN 'CUSTOMER' WHEN 'FAILED' THEN 'COMPENSATION'
                                      ELSE 'UNMATCHED' END AS kind
                FROM refund r LEFT JOIN payment_outcome o ON o.payment_id = r.payment_id
                WHERE r.refunded_at >= $2 AND r.refunded_at < $3::timestamptz + interval '1 day'
                  AND ($4::text IS NULL OR r.currency = $4)
            ), refunded AS (
                SELECT bucket_start, currency,
                       sum(amount_minor) FILTER (WHERE kind = 'CUSTOMER') AS refunded_minor,
                       count(*) FILTER (WHERE kind = 'CUSTOMER') AS refunds,
                       sum(amount_minor) FILTER (WHERE kind = 'COMPENSATION') AS compensation_refunded_minor,
                       count(*) FILTER (WHERE kind = 'COMPENSATION') AS compensation_refunds,
                       sum(amount_minor) FILTER (WHERE kind = 'UNMATCHED') AS unmatched_refunded_minor,
                       count(*) FILTER (WHERE kind = 'UNMATCHED') AS unmatched_refunds
                FROM classified
                WHERE bucket_start >= $2 AND bucket_start < $3
                GROUP BY bucket_start, currency
            )
            SELECT coalesce(c.bucket_start, r.bucket_start) AS bucket_start,
                   coalesce(c.currency, r.currency) AS currency,
                   coalesce(c.captured_minor, 0) AS captured_minor,
                   coalesce(c.payments, 0) AS payments,
                   coalesce(r.refunded_minor, 0)::bigint AS refunded_minor,
                   coalesce(r.refunds, 0)::int AS refunds,
                   coalesce(r.compensation_refunded_minor, 0)::bigint AS compensation_refunded_minor,
                   coalesce(r.compensation_refunds, 0)::int AS compensation_refunds,
                   coalesce(r.unmatched_refunded_minor, 0)::bigint AS unmatched_refunded_minor,
                   coalesce(r.unmatched_refunds, 0)::int AS unmatched_refunds
            FROM captured c
            FULL JOIN refunded r ON r.bucket_start = c.bucket_start AND r.currency = c.currency
            ORDER BY 1, 2
            """;

    /** $1 payment, $2 outcome, $3 reason, $4 time. No row: the payment has its outcome already. */
    static final String PAYMENT_OUTCOME_INSERT = """
            INSERT INTO payment_outcome (payment_id, outcome, reason, occurred_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (payment_id) DO NOTHING
            """;

    /** $1 from, $2 to. */
    static final String PAYMENT_OUTCOME_COUNT_BETWEEN = """
            SELECT outcome, count(*) AS n FROM payment_outcome
            WHERE occurred_at >= $1 AND occurred_at < $2 GROUP BY outcome
            """;

    /** $1 from, $2 to. Most frequent first. */
    static final String PAYMENT_OUTCOME_FAILURE_REASONS_BETWEEN = """
            SELECT reason, count(*) AS n FROM payment_outcome
            WHERE outcome = 'FAILED' AND occurred_at >= $1 AND occurred_at < $2
            GROUP BY reason ORDER BY n DESC, reason
            """;

    /** $1 refund, $2 payment, $3 amount, $4 currency, $5 time. No row: counted already. */
    static final String REFUND_INSERT = """
            INSERT INTO refund (refund_id, payment_id, amount_minor, currency, refunded_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (refund_id) DO NOTHING
            """;

    /**
     * $1 from, $2 to. Refunds of FAILED payments (saga compensations, dev.baton.analytics.RefundKind) made in the
     * window, per currency.
     */
    static final String REFUND_COMPENSATIONS_BETWEEN = """
            SELECT r.currency, count(*) AS n, sum(r.amount_minor)::bigint AS amount_minor
            FROM refund r JOIN payment_outcome o ON o.payment_id = r.payment_id
            WHERE o.outcome = 'FAILED' AND r.refunded_at >= $1 AND r.refunded_at < $2
            GROUP BY r.currency ORDER BY r.currency
            """;

    /** $1 assessment, $2 payment, $3 verdict, $4 time. */
    static final String FRAUD_ASSESSMENT_INSERT = """
            INSERT INTO fraud_assessment (assessment_id, payment_id, verdict, assessed_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (assessment_id) DO NOTHING
            """;

    /** $1 from, $2 to. */
    static final String FRAUD_ASSESSMENT_VERDICTS_BETWEEN = """
            SELECT verdict, count(*) AS n FROM fraud_assessment
            WHERE assessed_at >= $1 AND assessed_at < $2 GROUP BY verdict ORDER BY verdict
            """;

    /** $1 execution, $2 workflow, $3 outcome, $4 duration, $5 finished. */
    static final String SAGA_RUN_INSERT = """
            INSERT INTO saga_run (execution_id, workflow, outcome, duration_millis, finished_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (execution_id) DO NOTHING
            """;

    /** $1 workflow, $2 from, $3 to. Discrete percentiles: each is a duration that was actually measured. */
    static final String SAGA_RUN_DURATION_PERCENTILES_BETWEEN = """
            SELECT count(*) AS runs,
                   percentile_disc(0.5) WITHIN GROUP (ORDER BY duration_millis) AS p50,
                   percentile_disc(0.9) WITHIN GROUP (ORDER BY duration_millis) AS p90,
                   percentile_disc(0.99) WITHIN GROUP (ORDER BY duration_millis) AS p99,
                   max(duration_millis) AS max
            FROM saga_run WHERE workflow = $1 AND finished_at >= $2 AND finished_at < $3
            """;

    private ReadModelQueries() {
    }
}
