package dev.baton.fraud.repository;

/** Every statement on {@code fraud_assessment}; no SQL on that table lives anywhere else. */
final class AssessmentQueries {

    static final String COLUMNS = """
            id, assessment_key, payment_id, customer_id, customer_email, amount_minor, currency, payment_method_token,
            billing_country, ip_country, verdict, score, reasons::text, assessed_at""";

    /**
     * $1 id, $2 key, $3 payment, $4 customer, $5 email, $6 amount, $7 currency, $8 token, $9 billing country,
     * $10 IP country, $11 verdict, $12 score, $13 reasons, $14 assessed at.
     */
    static final String AssessmentInsert = """
            INSERT INTO fraud_assessment (id, assessment_key, payment_id, customer_id, customer_email, amount_minor,
                                          currency, payment_method_token, billing_country, ip_country, verdict, score,
                                          reasons, assessed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)""";

    /** $1 id. */
    static final String AssessmentFind = "SELECT " + COLUMNS + " FROM fraud_assessment WHERE id = $1";

    /** $1 payment id or null, $2 customer id or null, $3 limit: oldest first. */
    static final String AssessmentList = "SELECT " + COLUMNS + """
             FROM fraud_assessment
            WHERE ($1::text IS NULL OR payment_id = $1) AND ($2::text IS NULL OR customer_id = $2)
            ORDER BY assessed_at, id
            LIMIT $3""";

    /**
     * $1 subjects (text[]: {@code customer:<id>}, {@code token:<token>}). Takes a transaction-scoped advisory lock
     * per subject, in ascending key order so two assessments sharing subjects never deadlock. Held until commit, so
     * an assessment of the same customer or token waits, then counts the one before it: velocity stays exact under
     * concurrent assessments. (A hash collision only makes two unrelated subjects wait for each other.)
     */
    static final String AssessmentLockSubjects = """
            SELECT count(pg_advisory_xact_lock(k)) FROM (
                SELECT DISTINCT hashtextextended(s, 0) AS k FROM unnest($1::text[]) AS s ORDER BY k
            ) AS keys""";

    /**
     * $1 customer, $2 token, $3 currency, $4 window start (exclusive), $5 now (inclusive). The earlier assessments of
     * the customer and of the token within the window: counts of every attempt, and the amounts in {@code $3} that
     * were approved (a refused payment moved no money, so it does not use up the amount limit).
     */
    static final String AssessmentVelocity = """
            SELECT count(*) FILTER (WHERE customer_id = $1) AS customer_count,
                   coalesce(sum(amount_minor) FILTER (WHERE customer_id = $1 AND currency = $3
                                                      AND verdict = 'APPROVE'), 0) AS customer_amount,
                   count(*) FILTER (WHERE payment_method_token = $2) AS token_count,
                   coalesce(sum(amount_minor) FILTER (WHERE payment_method_token = $2 AND currency = $3
                                                      AND verdict = 'APPROVE'), 0) AS token_amount
            FROM fraud_assessment
            WHERE (customer_id = $1 OR payment_method_token = $2) AND assessed_at > $4 AND assessed_at <= $5""";

    private AssessmentQueries() {
    }
}
