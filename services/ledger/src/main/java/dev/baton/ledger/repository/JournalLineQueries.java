package dev.baton.ledger.repository;

/**
 * Every statement on {@code journal_line}, including the sums behind balances and invariants; no SQL on that table
 * lives anywhere else. Sums are cast back to bigint (PostgreSQL sums bigints as numeric).
 */
final class JournalLineQueries {

    /** $1 entry, $2 line number, $3 account, $4 side, $5 amount, $6 currency. */
    static final String JOURNAL_LINE_INSERT = """
            INSERT INTO journal_line (entry_id, line_no, account_code, side, amount_minor, currency)
            VALUES ($1, $2, $3, $4, $5, $6)""";

    /** $1 entry ids (uuid[]). */
    static final String JOURNAL_LINE_LIST_BY_ENTRIES = """
            SELECT entry_id, line_no, account_code, side, amount_minor, currency FROM journal_line
            WHERE entry_id = ANY($1) ORDER BY entry_id, line_no""";

    /** $1 currency (null for all). Debits and credits per account and currency, with the account's type. */
    static final String JOURNAL_LINE_SUM_PER_ACCOUNT = """
            SELECT l.account_code, a.type, l.currency,
                   coalesce(sum(l.amount_minor) FILTER (WHERE l.side = 'DEBIT'), 0)::bigint AS debit_minor,
                   coalesce(sum(l.amount_minor) FILTER (WHERE l.side = 'CREDIT'), 0)::bigint AS credit_minor
            FROM journal_line l JOIN account a ON a.code = l.account_code
            WHERE ($1::text IS NULL OR l.currency = $1)
            GROUP BY l.account_code, a.type, l.currency
            ORDER BY l.currency, l.account_code""";

    /** $1 currency (null for all). Debits and credits per currency across every account. */
    static final String JOURNAL_LINE_SUM_PER_CURRENCY = """
            SELECT currency,
                   coalesce(sum(amount_minor) FILTER (WHERE side = 'DEBIT'), 0)::bigint AS debit_minor,
                   coalesce(sum(amount_minor) FILTER (WHERE side = 'CREDIT'), 0)::bigint AS credit_minor
            FROM journal_line
            WHERE ($1::text IS NULL OR currency = $1)
            GROUP BY currency ORDER BY currency""";

    /** Entries whose lines do not sum to zero in some currency: debits minus credits per entry and currency. */
    static final String JOURNAL_LINE_UNBALANCED_ENTRIES = """
            SELECT entry_id, currency, sum(signed_minor)::bigint AS net_minor FROM journal_line
            GROUP BY entry_id, currency HAVING sum(signed_minor) <> 0
            ORDER BY entry_id, currency""";

    private JournalLineQueries() {
    }
}
