package dev.baton.ledger.repository;

/** Every statement on {@code account}; no SQL on that table lives anywhere else. */
final class AccountQueries {

    /** The whole chart, by code. */
    static final String ACCOUNT_LIST = "SELECT code, name, type FROM account ORDER BY code";

    private AccountQueries() {
    }
}
