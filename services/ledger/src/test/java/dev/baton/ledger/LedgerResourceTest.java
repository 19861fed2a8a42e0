package dev.baton.ledger;

import static dev.baton.ledger.LedgerTests.id;
import static dev.baton.ledger.LedgerTests.post;
import static dev.baton.ledger.LedgerTests.postBody;
import static dev.baton.ledger.LedgerTests.postSale;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The ledger's REST surface: bad input answered with problem+json naming the field, and the reads. */
@QuarkusTest
class LedgerResourceTest {

    @Test
    void post_invalidFields_400WithOneViolationPerField() {
        var body = postBody("", id("c"), 0, "eur");
        body.put("description", "x".repeat(501));

        post("/v1/journal-entries", id("k"), body).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:invalid-request"))
                .body("violations.field", equalTo(List.of("amountMinor", "currency", "description", "paymentId")));
    }

    @Test
    void post_currencyNobodyIssues_400OnCurrency() {
        post("/v1/journal-entries", id("k"), postBody(id("pay"), id("c"), 100, "ABC")).then().statusCode(400)
                .body("violations.field", equalTo(List.of("currency")))
                .body("violations[0].message", equalTo("must be an ISO 4217 currency code such as EUR"));
    }

    @Test
    void post_missingAmountAndCurrency_400NamingBoth() {
        post("/v1/journal-entries", id("k"), Map.of("paymentId", id("pay"), "customerId", id("c"))).then()
                .statusCode(400).body("violations.field", equalTo(List.of("amountMinor", "currency")));
    }

    @Test
    void post_withoutIdempotencyKey_400NamingTheHeader() {
        post("/v1/journal-entries", null, postBody(id("pay"), id("c"), 100, "EUR")).then().statusCode(400)
                .body("type", equalTo("urn:baton:problem:invalid-idempotency-key"))
                .body("violations.field", equalTo(List.of("Idempotency-Key")));
    }

    @Test
    void post_malformedJson_400() {
        given().contentType(ContentType.JSON).header("Idempotency-Key", id("k")).body("{\"amountMinor\": \"ten\"}")
                .post("/v1/journal-entries").then().statusCode(400)
                .body("type", equalTo("urn:baton:problem:malformed-json"));
    }

    @Test
    void reverse_missingForwardKeyAndReason_400() {
        post("/v1/journal-entries:reverse", id("k"), Map.of("paymentId", id("pay"), "customerId", id("c"))).then()
                .statusCode(400).body("violations.field", equalTo(List.of("forwardKey", "reason")));
    }

    @Test
    void reverse_literalColon_reachesTheCommand() {
        String payment = id("pay"), customer = id("c"), postKey = payment + ":post_ledger";
        postSale(postKey, payment, customer, 100, "EUR");

        given().urlEncodingEnabled(false).contentType(ContentType.JSON).header("Idempotency-Key", id("k"))
                .body(LedgerTests.reverseBody(payment, customer, postKey))
                .post("/v1/journal-entries:reverse").then().statusCode(201).body("status", equalTo("REVERSED"));
    }

    @Test
    void get_unknownEntry_404Problem() {
        String unknown = UUID.randomUUID().toString();
        given().get("/v1/journal-entries/{id}", unknown).then().statusCode(404)
                .body("type", equalTo("urn:baton:problem:entry-not-found"))
                .body("detail", equalTo("No journal entry " + unknown));
    }

    @Test
    void get_idNotAUuid_400OnId() {
        given().get("/v1/journal-entries/{id}", "nope").then().statusCode(400)
                .body("violations.field", equalTo(List.of("id")));
    }

    @Test
    void list_unknownPaymentEmptyFilterAllAndLimitOutOfRange_400() {
        String entryId = postSale(id("k"), id("pay"), id("c"), 100, "EUR");
        given().get("/v1/journal-entries?paymentId={p}", id("pay")).then().statusCode(200).body("size()", equalTo(0));
        given().get("/v1/journal-entries?paymentId=&limit=1000").then().statusCode(200)
                .body("entryId", hasItem(entryId));
        given().get("/v1/journal-entries?limit=1001").then().statusCode(400)
                .body("violations.field", equalTo(List.of("limit")));
    }

    @Test
    void balances_perAccountInOneCurrency_normalSideAndTotalsMatch() {
        // A currency no other test uses, so the balances here are this test's alone.
        postSale(id("k"), id("pay"), id("c"), 300, "NOK");
        postSale(id("k"), id("pay"), id("c"), 200, "NOK");

        given().get("/v1/balances?currency=NOK").then().statusCode(200)
                .body("", equalTo(List.of(
                        Map.of("account", "receivable:gateway", "type", "ASSET", "currency", "NOK",
                                "debitMinor", 500, "creditMinor", 0, "balanceMinor", 500),
                        Map.of("account", "revenue:sales", "type", "REVENUE", "currency", "NOK",
                                "debitMinor", 0, "creditMinor", 500, "balanceMinor", 500))));
        for (String all : List.of("/v1/balances", "/v1/balances?currency=")) {
            given().get(all).then().statusCode(200)
                    .body("findAll { it.currency == 'NOK' }.account", equalTo(List.of("receivable:gateway",
                            "revenue:sales")));
        }
    }

    @Test
    void balances_invalidCurrency_400() {
        given().get("/v1/balances?currency=EURO").then().statusCode(400)
                .body("violations.field", equalTo(List.of("currency")));
        given().get("/v1/balances?currency=ABC").then().statusCode(400)
                .body("violations[0].message", equalTo("must be an ISO 4217 currency code such as EUR"));
    }

    @Test
    void accounts_chart_listsSeededAccounts() {
        given().get("/v1/accounts").then().statusCode(200)
                .body("code", equalTo(List.of("receivable:gateway", "revenue:sales")))
                .body("type", equalTo(List.of("ASSET", "REVENUE")));
    }

    @Test
    void openapi_commands_documentedUnderJournalTag() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/v1/journal-entries:reverse'.post.tags", hasItem("journal"))
                .body("paths.'/v1/journal-entries'.post.summary", startsWith("Post the sale"))
                .body("paths.'/v1/invariants'.get.tags", hasItem("balances"));
    }
}
