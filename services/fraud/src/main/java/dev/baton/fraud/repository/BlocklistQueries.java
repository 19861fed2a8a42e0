package dev.baton.fraud.repository;

/** Every statement on {@code fraud_blocklist_entry}; no SQL on that table lives anywhere else. */
final class BlocklistQueries {

    static final String COLUMNS = "kind, value, reason, source, created_at";

    /** Kinds in declaration order (dev.baton.fraud.BlocklistKind), for listing. */
    private static final String KIND_ORDER = "array_position(ARRAY['CUSTOMER','TOKEN','EMAIL_DOMAIN','COUNTRY'], kind)";

    /** $1 kind, $2 value, $3 reason, $4 source, $5 now. Adds the entry; no row when it exists already. */
    static final String BlocklistInsert = """
            INSERT INTO fraud_blocklist_entry (kind, value, reason, source, created_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (kind, value) DO NOTHING
            RETURNING\s""" + COLUMNS;

    /** $1 kind, $2 value. */
    static final String BlocklistFind = "SELECT " + COLUMNS + " FROM fraud_blocklist_entry WHERE kind = $1 AND value = $2";

    /** $1 kind or null. */
    static final String BlocklistList = "SELECT " + COLUMNS
            + " FROM fraud_blocklist_entry WHERE ($1::text IS NULL OR kind = $1) ORDER BY " + KIND_ORDER + ", value";

    /** $1 kind, $2 value. */
    static final String BlocklistDelete = "DELETE FROM fraud_blocklist_entry WHERE kind = $1 AND value = $2";

    /**
     * $1 customer, $2 token, $3 e-mail domains (text[], the address's domain and its parents), $4 countries (text[]).
     * The entries an assessment matches.
     */
    static final String BlocklistMatch = "SELECT " + COLUMNS + """
             FROM fraud_blocklist_entry
            WHERE (kind = 'CUSTOMER' AND value = $1) OR (kind = 'TOKEN' AND value = $2)
               OR (kind = 'EMAIL_DOMAIN' AND value = ANY($3)) OR (kind = 'COUNTRY' AND value = ANY($4))
            ORDER BY\s""" + KIND_ORDER + ", value";

    private BlocklistQueries() {
    }
}
