package dev.baton.platform.outbox;

/**
 * The only home of SQL on {@code baton_platform.outbox_event}. Reactive statements use {@code $n} placeholders,
 * the relay's JDBC statements {@code ?}.
 */
final class OutboxQueries {

    /** Reactive. $1 event_id, $2 source, $3 type, $4 subject, $5 aggregate_id, $6 time, $7 content type, $8 data, $9 extensions. */
    static final String OUTBOX_EVENT_INSERT = """
            INSERT INTO baton_platform.outbox_event
                (event_id, source, type, subject, aggregate_id, time, data_content_type, data, extensions)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """;

    /**
     * JDBC. Only one relay of a deployable publishes at a time: per-aggregate order holds only if a later event
     * can never be published by one instance while an earlier one is in flight on another.
     */
    static final String OUTBOX_RELAY_TRY_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('baton_platform.outbox_relay'))";

    /** JDBC. Oldest pending events first: id order is commit order per aggregate (see Outbox#append). ? limit. */
    static final String OUTBOX_EVENT_SELECT_PENDING = """
            SELECT id, event_id, source, type, subject, aggregate_id, time, data_content_type, data, extensions::text
            FROM baton_platform.outbox_event
            WHERE state = 'PENDING'
            ORDER BY id
            LIMIT ?
            """;

    /** JDBC. ? the ids the broker confirmed. */
    static final String OUTBOX_EVENT_MARK_PUBLISHED = """
            UPDATE baton_platform.outbox_event
            SET state = 'PUBLISHED', published_at = now(), last_error = NULL
            WHERE id = ANY (?) AND state = 'PENDING'
            """;

    /** JDBC. ? error text, ? the ids of the failed batch. */
    static final String OUTBOX_EVENT_RECORD_FAILURE = """
            UPDATE baton_platform.outbox_event
            SET publish_attempts = publish_attempts + 1, last_error = ?
            WHERE id = ANY (?) AND state = 'PENDING'
            """;

    /** JDBC. ? cut-off time. */
    static final String OUTBOX_EVENT_DELETE_PUBLISHED_BEFORE = """
            DELETE FROM baton_platform.outbox_event WHERE state = 'PUBLISHED' AND published_at < ?
            """;

    private OutboxQueries() {
    }
}
