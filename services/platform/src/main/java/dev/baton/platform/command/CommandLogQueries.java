package dev.baton.platform.command;

/** Every statement on {@code baton_platform.command_log}; no SQL on that table lives anywhere else. */
final class CommandLogQueries {

    /**
     * $1 key, $2 kind, $3 operation, $4 request hash, $5 forward key. Claims the key for this transaction; a
     * concurrent claim of the same key waits for this transaction to end, then inserts nothing (or, when this one
     * rolled back, inserts after all).
     */
    static final String CommandLogClaim = """
            INSERT INTO baton_platform.command_log (idempotency_key, kind, operation, request_hash, forward_key)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (idempotency_key) DO NOTHING""";

    /** $1 key. */
    static final String CommandLogFind = """
            SELECT kind, operation, request_hash, response_status, response_body
            FROM baton_platform.command_log WHERE idempotency_key = $1""";

    /** $1 key, $2 status, $3 body. Only the transaction that claimed the key completes it. */
    static final String CommandLogComplete = """
            UPDATE baton_platform.command_log SET response_status = $2, response_body = $3
            WHERE idempotency_key = $1 AND response_status IS NULL""";

    /** $1 forward key: the compensations that named it, oldest first (tests and audits). */
    static final String CommandLogListCompensations = """
            SELECT idempotency_key, operation FROM baton_platform.command_log
            WHERE forward_key = $1 ORDER BY created_at, idempotency_key""";

    /** $1 key prefix (LIKE-escaped by the caller), $2 limit: an audit of what was applied, oldest first. */
    static final String CommandLogListByPrefix = """
            SELECT idempotency_key, kind, operation, forward_key, response_status, created_at
            FROM baton_platform.command_log WHERE idempotency_key LIKE $1 || '%' ESCAPE '\\'
            ORDER BY created_at, idempotency_key LIMIT $2""";

    private CommandLogQueries() {
    }
}
