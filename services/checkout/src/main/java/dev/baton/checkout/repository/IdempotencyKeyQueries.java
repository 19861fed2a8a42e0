package dev.baton.checkout.repository;

/** Every statement on {@code idempotency_key}; no SQL on that table lives anywhere else. */
final class IdempotencyKeyQueries {

    /**
     * $1 key, $2 request hash, $3 payment id, $4 now. Claims the key; a concurrent claim of the same key waits for
     * this transaction and then inserts nothing.
     */
    static final String IdempotencyKeyClaim = """
            INSERT INTO idempotency_key (idempotency_key, request_hash, state, payment_id, created_at, locked_at)
            VALUES ($1, $2, 'IN_PROGRESS', $3, $4, $4)
            ON CONFLICT (idempotency_key) DO NOTHING""";

    /** $1 key. */
    static final String IdempotencyKeyFind = """
            SELECT idempotency_key, request_hash, state, payment_id, response_status, response_body, created_at,
                   locked_at
            FROM idempotency_key WHERE idempotency_key = $1""";

    /** $1 key, $2 status, $3 body. Only while IN_PROGRESS: the first completion stands. */
    static final String IdempotencyKeyComplete = """
            UPDATE idempotency_key SET state = 'COMPLETED', response_status = $2, response_body = $3
            WHERE idempotency_key = $1 AND state = 'IN_PROGRESS'""";

    /**
     * $1 key, $2 status, $3 body, $4 stale before. Completes a key whose holder started before $4 and never
     * finished (it crashed): the request that finds it answers from the stored payment instead.
     */
    static final String IdempotencyKeyCompleteIfStale = """
            UPDATE idempotency_key SET state = 'COMPLETED', response_status = $2, response_body = $3
            WHERE idempotency_key = $1 AND state = 'IN_PROGRESS' AND locked_at < $4""";

    /** $1 created before, $2 limit. Deletes a batch of expired keys. */
    static final String IdempotencyKeyDeleteExpired = """
            DELETE FROM idempotency_key
            WHERE idempotency_key IN (SELECT idempotency_key FROM idempotency_key WHERE created_at < $1 LIMIT $2)""";

    private IdempotencyKeyQueries() {
    }
}
