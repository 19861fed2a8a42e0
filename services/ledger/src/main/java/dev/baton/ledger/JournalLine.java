package dev.baton.ledger;

/**
 * One line of a journal entry: a positive amount, in minor units of an ISO 4217 currency, on one side of one
 * account.
 */
public record JournalLine(int lineNo, String account, Side side, long amountMinor, String currency) {

    /** The same amount on the other side: a reversal's line. */
    public JournalLine swapped() {
        return new JournalLine(lineNo, account, side.opposite(), amountMinor, currency);
    }

    /** Debit +, credit -. */
    public long signedMinor() {
        return side.signed(amountMinor);
    }
}
