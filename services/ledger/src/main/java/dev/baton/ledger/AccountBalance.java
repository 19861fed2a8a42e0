package dev.baton.ledger;

/**
 * An account's totals in one currency. {@code balanceMinor} is on the account's normal side (debits minus credits
 * for assets and expenses, credits minus debits for the others), so a healthy account is usually positive.
 */
public record AccountBalance(String account, AccountType type, String currency, long debitMinor, long creditMinor,
        long balanceMinor) {

    /** The balance of {@code debitMinor} and {@code creditMinor} seen from the normal side of {@code type}. */
    public static AccountBalance of(String account, AccountType type, String currency, long debitMinor,
            long creditMinor) {
        long net = type.normalSide() == Side.DEBIT ? debitMinor - creditMinor : creditMinor - debitMinor;
        return new AccountBalance(account, type, currency, debitMinor, creditMinor, net);
    }
}
