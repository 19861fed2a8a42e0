package dev.baton.ledger;

/**
 * The class of an account, mirrored by {@code account_type_check}; it decides on which side the account's balance
 * grows (its normal side), which is how {@code GET /v1/balances} reports it.
 */
public enum AccountType {
    ASSET(Side.DEBIT),
    LIABILITY(Side.CREDIT),
    EQUITY(Side.CREDIT),
    REVENUE(Side.CREDIT),
    EXPENSE(Side.DEBIT);

    private final Side normalSide;

    AccountType(Side normalSide) {
        this.normalSide = normalSide;
    }

    /** The side on which this account's balance grows. */
    public Side normalSide() {
        return normalSide;
    }
}
