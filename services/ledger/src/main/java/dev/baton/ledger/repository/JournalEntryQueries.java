package dev.baton.ledger.repository;

/** Every statement on {@code journal_entry}; no SQL on that table lives anywhere else. Reactive client, $n. */
final class JournalEntryQueries {

    /**
     * $1 id, $2 kind, $3 payment, $4 customer, $5 description, $6 command key, $7 reverses, $8 reason, $9 posted at.
     * Inserts nothing when a unique rule stands in the way: the payment has a sale, or the entry has a reversal.
     */
    static final String JOURNAL_ENTRY_INSERT = """
            INSERT INTO journal_entry (id, kind, payment_id, customer_id, description, command_key, reverses, reason,
                                       posted_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT DO NOTHING""";

    /** The entry's columns plus the id of its reversal, if any. */
    static final String ENTRY_COLUMNS = """
            e.id, e.kind, e.payment_id, e.customer_id, e.description, e.command_key, e.reverses, e.reason, e.posted_at,
            (SELECT r.id FROM journal_entry r WHERE r.reverses = e.id) AS reversed_by""";

    /** $1 id. */
    static final String JOURNAL_ENTRY_FIND = "SELECT " + ENTRY_COLUMNS + " FROM journal_entry e WHERE e.id = $1";

    /**
     * $1 the Idempotency-Key of the command that posted the entry. Locks the entry, so two reversals of it under
     * different keys run one after the other and the second sees the first.
     */
    static final String JOURNAL_ENTRY_LOCK_BY_COMMAND_KEY = "SELECT " + ENTRY_COLUMNS
            + " FROM journal_entry e WHERE e.command_key = $1 FOR UPDATE OF e";

    /** $1 payment id: its sale. */
    static final String JOURNAL_ENTRY_FIND_SALE = "SELECT " + ENTRY_COLUMNS
            + " FROM journal_entry e WHERE e.payment_id = $1 AND e.kind = 'SALE'";

    /** $1 entry id: the reversal of that entry. */
    static final String JOURNAL_ENTRY_FIND_REVERSAL = "SELECT " + ENTRY_COLUMNS
            + " FROM journal_entry e WHERE e.reverses = $1";

    /** $1 payment id (null for all), $2 limit. Oldest first, the order of the journal. */
    static final String JOURNAL_ENTRY_LIST = "SELECT " + ENTRY_COLUMNS + """
             FROM journal_entry e
            WHERE ($1::text IS NULL OR e.payment_id = $1)
            ORDER BY e.posted_at, e.id
            LIMIT $2""";

    private JournalEntryQueries() {
    }
}
