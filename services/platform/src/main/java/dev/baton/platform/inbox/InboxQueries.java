package dev.baton.platform.inbox;

/** The only home of SQL on {@code baton_platform.inbox_message} and {@code baton_platform.dead_letter}. */
final class InboxQueries {

    /**
     * In the handler's transaction. $1 source, $2 event id, $3 type. One row affected: this delivery is the one that
     * applies the event; none: the event is PROCESSED or DEAD already.
     */
    static final String INBOX_MESSAGE_MARK_PROCESSED = """
            INSERT INTO baton_platform.inbox_message AS m (source, event_id, type, state, processed_at)
            VALUES ($1, $2, $3, 'PROCESSED', now())
            ON CONFLICT (source, event_id) DO UPDATE SET state = 'PROCESSED', processed_at = now(), last_error = NULL
            WHERE m.state = 'FAILING'
            """;

    /** After the handler's transaction rolled back. $1 source, $2 event id, $3 type, $4 error. Returns attempts. */
    static final String INBOX_MESSAGE_RECORD_FAILURE = """
            INSERT INTO baton_platform.inbox_message AS m (source, event_id, type, state, attempts, last_error)
            VALUES ($1, $2, $3, 'FAILING', 1, $4)
            ON CONFLICT (source, event_id) DO UPDATE SET attempts = m.attempts + 1, last_error = $4
            WHERE m.state = 'FAILING'
            RETURNING attempts
            """;

    /** $1 source, $2 event id, $3 type, $4 reason. */
    static final String INBOX_MESSAGE_MARK_DEAD = """
            INSERT INTO baton_platform.inbox_message AS m (source, event_id, type, state, attempts, last_error)
            VALUES ($1, $2, $3, 'DEAD', 1, $4)
            ON CONFLICT (source, event_id) DO UPDATE SET state = 'DEAD', last_error = $4
            WHERE m.state = 'FAILING'
            """;

    /** A replay gives the event a fresh set of attempts. $1 source, $2 event id. */
    static final String INBOX_MESSAGE_REVIVE_DEAD = """
            UPDATE baton_platform.inbox_message SET state = 'FAILING', attempts = 0
            WHERE source = $1 AND event_id = $2 AND state = 'DEAD'
            """;

    /** $1 source, $2 event id, $3 type, $4 reason, $5 transport, $6 headers, $7 content type, $8 body. */
    static final String DEAD_LETTER_INSERT = """
            INSERT INTO baton_platform.dead_letter (source, event_id, type, reason, transport, headers, content_type, body)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            RETURNING id
            """;

    /** $1 state or null for all, $2 limit. Newest first. */
    static final String DEAD_LETTER_LIST = """
            SELECT id, source, event_id, type, reason, transport, headers, content_type, body, state, dead_at, replayed_at
            FROM baton_platform.dead_letter
            WHERE $1::text IS NULL OR state = $1
            ORDER BY id DESC
            LIMIT $2
            """;

    /** $1 id. */
    static final String DEAD_LETTER_FIND = """
            SELECT id, source, event_id, type, reason, transport, headers, content_type, body, state, dead_at, replayed_at
            FROM baton_platform.dead_letter WHERE id = $1
            """;

    /** $1 id. One row: this call owns the replay. */
    static final String DEAD_LETTER_MARK_REPLAYED = """
            UPDATE baton_platform.dead_letter SET state = 'REPLAYED', replayed_at = now()
            WHERE id = $1 AND state = 'DEAD'
            """;

    private InboxQueries() {
    }
}
