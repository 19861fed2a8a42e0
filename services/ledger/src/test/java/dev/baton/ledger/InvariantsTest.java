package dev.baton.ledger;

import static dev.baton.ledger.LedgerTests.id;
import static dev.baton.ledger.LedgerTests.postSale;
import static dev.baton.platform.testing.TestDatabase.connect;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/invariants}: balanced after the API's own writes, and reporting an imbalance written behind its
 * back. The API cannot write one (the code and the constraint trigger both refuse), so the test writes it with SQL
 * in a session where triggers do not fire ({@code session_replication_role = replica}: the balance trigger and the
 * append-only guard are off for that connection only), and removes it again the same way.
 */
@QuarkusTest
class InvariantsTest {

    @Test
    void invariants_afterSalesAndReversals_balanced() {
        String payment = id("pay"), customer = id("c");
        postSale(payment + ":post_ledger", payment, customer, 4200, "GBP");
        LedgerTests.post("/v1/journal-entries:reverse", payment + ":reverse_ledger",
                LedgerTests.reverseBody(payment, customer, payment + ":post_ledger")).then().statusCode(201);

        given().get("/v1/invariants").then().statusCode(200)
                .body("balanced", equalTo(true))
                .body("imbalances", equalTo(List.of()))
                .body("totals.currency", hasItem("GBP"))
                .body("totals.find { it.currency == 'GBP' }.netMinor", equalTo(0));
    }

    @Test
    void invariants_entryUnbalancedBehindTheApi_reportsEntryAndCurrencyTotal() throws Exception {
        UUID entry = UUID.randomUUID();
        try {
            writeBehindTheApi(entry);

            given().get("/v1/invariants").then().statusCode(200)
                    .body("balanced", equalTo(false))
                    .body("imbalances", equalTo(List.of(
                            Map.of("scope", "ENTRY", "entryId", entry.toString(), "currency", "SEK", "netMinor", 10),
                            Map.of("scope", "TOTAL", "currency", "SEK", "netMinor", 10))))
                    .body("totals.find { it.currency == 'SEK' }", equalTo(Map.of("currency", "SEK",
                            "debitMinor", 100, "creditMinor", 90, "netMinor", 10)));
        } finally {
            removeBehindTheApi(entry);
        }
        given().get("/v1/invariants").then().body("balanced", equalTo(true));
    }

    /** An entry debiting 100 SEK and crediting 90. */
    private static void writeBehindTheApi(UUID entry) throws Exception {
        try (var c = connect(); var s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.execute("""
                    INSERT INTO journal_entry (id, kind, payment_id, customer_id, description, command_key, posted_at)
                    VALUES ('%1$s', 'SALE', 'pay-%1$s', 'c-test', 'written behind the API', 'k-%1$s', now());
                    INSERT INTO journal_line (entry_id, line_no, account_code, side, amount_minor, currency) VALUES
                        ('%1$s', 1, 'receivable:gateway', 'DEBIT', 100, 'SEK'),
                        ('%1$s', 2, 'revenue:sales', 'CREDIT', 90, 'SEK');
                    """.formatted(entry));
        }
    }

    private static void removeBehindTheApi(UUID entry) throws Exception {
        try (var c = connect(); var s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.execute("DELETE FROM journal_line WHERE entry_id = '%1$s'; DELETE FROM journal_entry WHERE id = '%1$s'"
                    .formatted(entry));
        }
    }
}
