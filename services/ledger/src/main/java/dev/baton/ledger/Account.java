package dev.baton.ledger;

/** One account of the chart ({@code account} table, seeded by the migrations). */
public record Account(String code, String name, AccountType type) {
}
