package dev.baton.email.repository;

/** The only home of SQL on {@code email_message}. */
final class EmailMessageQueries {

    /** $1 source, $2 event id, $3 kind, $4 recipient, $5 subject, $6 text, $7 html. */
    static final String EMAIL_MESSAGE_INSERT = """
            INSERT INTO email_message (event_source, event_id, kind, recipient, subject, text_body, html_body)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (event_source, event_id) DO NOTHING
            """;

    /** $1 limit. Due mail, oldest first, locked so concurrent senders take different rows. */
    static final String EMAIL_MESSAGE_CLAIM_DUE = """
            SELECT id, recipient, subject, text_body, html_body, attempts
            FROM email_message
            WHERE state = 'QUEUED' AND next_attempt_at <= now()
            ORDER BY next_attempt_at, id
            LIMIT $1
            FOR UPDATE SKIP LOCKED
            """;

    /** $1 id. */
    static final String EMAIL_MESSAGE_MARK_SENT = """
            UPDATE email_message SET state = 'SENT', sent_at = now(), attempts = attempts + 1, last_error = NULL
            WHERE id = $1 AND state = 'QUEUED'
            """;

    /** $1 id, $2 error, $3 retry delay in milliseconds, $4 max attempts. */
    static final String EMAIL_MESSAGE_RECORD_FAILURE = """
            UPDATE email_message
            SET attempts = attempts + 1, last_error = $2,
                next_attempt_at = now() + make_interval(secs => $3 / 1000.0),
                state = CASE WHEN attempts + 1 >= $4 THEN 'FAILED' ELSE 'QUEUED' END
            WHERE id = $1 AND state = 'QUEUED'
            """;

    private EmailMessageQueries() {
    }
}
