package dev.baton.ledger;

/**
 * Debits and credits across every account in one currency; equal in a balanced journal.
 *
 * @param netMinor debits minus credits: zero when balanced
 */
public record CurrencyTotal(String currency, long debitMinor, long creditMinor, long netMinor) {

    public static CurrencyTotal of(String currency, long debitMinor, long creditMinor) {
        return new CurrencyTotal(currency, debitMinor, creditMinor, debitMinor - creditMinor);
    }
}
