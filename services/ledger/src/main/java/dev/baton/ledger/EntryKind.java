package dev.baton.ledger;

/**
 * What a journal entry records, mirrored by {@code journal_entry_kind_check}. Entries never change once posted
 * (the table refuses UPDATE and DELETE), so there is no state machine to guard: an entry is undone by posting a
 * second one, and "reversed" is the existence of that second entry (at most one, by a unique constraint).
 */
public enum EntryKind {

    /**
     * A payment's sale, posted by the saga's {@code post_ledger} step: debit the configured receivable, credit the
     * configured revenue account, for the payment's amount. One per payment.
     */
    SALE,

    /**
     * The compensation of a sale, posted by {@code POST /v1/journal-entries:reverse}: the sale's lines with every
     * side swapped, so the two entries together leave every balance where it was. Never reversed itself.
     */
    REVERSAL
}
