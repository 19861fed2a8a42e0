package dev.baton.gateway.repository;

/** Every statement on {@code payment_capture}; no SQL on that table lives anywhere else. */
final class CaptureQueries {

    static final String COLUMNS = "id, capture_key, authorization_id, payment_id, amount_minor, currency, created_at";

    /** $1 id, $2 key, $3 authorization, $4 payment, $5 amount, $6 currency, $7 now. */
    static final String CaptureInsert = """
            INSERT INTO payment_capture (id, capture_key, authorization_id, payment_id, amount_minor, currency,
                                         created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""";

    /** $1 capture key: how a refund finds what its forward key captured. */
    static final String CaptureFindByKey = "SELECT " + COLUMNS + " FROM payment_capture WHERE capture_key = $1";

    /** $1 payment id, oldest first. */
    static final String CaptureListByPayment = "SELECT " + COLUMNS
            + " FROM payment_capture WHERE payment_id = $1 ORDER BY created_at, id";

    private CaptureQueries() {
    }
}
