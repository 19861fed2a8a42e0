package dev.baton.ledger;

/** The side of a journal line. Debits count positive and credits negative when an entry is summed. */
public enum Side {
    DEBIT,
    CREDIT;

    /** The other side: what a reversal puts each line on. */
    public Side opposite() {
        return this == DEBIT ? CREDIT : DEBIT;
    }

    /** {@code amountMinor} with this side's sign (debit +, credit -). */
    public long signed(long amountMinor) {
        return this == DEBIT ? amountMinor : -amountMinor;
    }
}
