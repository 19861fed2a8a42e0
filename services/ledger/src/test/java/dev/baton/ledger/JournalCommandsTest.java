package dev.baton.ledger;

import static dev.baton.ledger.LedgerTests.balance;
import static dev.baton.ledger.LedgerTests.id;
import static dev.baton.ledger.LedgerTests.post;
import static dev.baton.ledger.LedgerTests.postBody;
import static dev.baton.ledger.LedgerTests.postSale;
import static dev.baton.ledger.LedgerTests.reverseBody;
import static dev.baton.platform.testing.TestDatabase.count;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.platform.command.IdempotentCommands;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The saga's commands on the ledger against the real database: the sale entry, idempotency per key, the reversal
 * as compensation before and after the post, and what the balances do. Each test uses its own payment and keys;
 * balances are compared before and after, since the journal is shared by the tests of one run.
 */
@QuarkusTest
class JournalCommandsTest {

    static final String RECEIVABLE = "receivable:gateway";
    static final String REVENUE = "revenue:sales";
    static final String RFC3339 = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})";

    @Inject
    IdempotentCommands commands;

    @Test
    void post_newPayment_201SaleDebitsReceivableCreditsRevenue() throws Exception {
        String payment = id("pay"), customer = id("c"), key = payment + ":post_ledger";
        long receivableBefore = balance(RECEIVABLE, "EUR"), revenueBefore = balance(REVENUE, "EUR");
        var body = postBody(payment, customer, 2599, "EUR");
        body.put("description", "sale, order 42");

        String entryId = post("/v1/journal-entries", key, body).then().statusCode(201)
                .header("Idempotent-Replayed", nullValue())
                .body("kind", equalTo("SALE"))
                .body("paymentId", equalTo(payment))
                .body("customerId", equalTo(customer))
                .body("description", equalTo("sale, order 42"))
                .body("postedAt", matchesPattern(RFC3339))
                .body("lines", equalTo(List.of(
                        Map.of("account", RECEIVABLE, "side", "DEBIT", "amountMinor", 2599, "currency", "EUR"),
                        Map.of("account", REVENUE, "side", "CREDIT", "amountMinor", 2599, "currency", "EUR"))))
                .extract().path("entryId");

        given().get("/v1/journal-entries/{id}", entryId).then().statusCode(200)
                .body("entryId", equalTo(entryId)).body("lines.size()", equalTo(2))
                .body("containsKey('reversedBy')", equalTo(false));
        assertEquals(receivableBefore + 2599, balance(RECEIVABLE, "EUR"));
        assertEquals(revenueBefore + 2599, balance(REVENUE, "EUR"));
        assertEquals(1, count("SELECT count(*) FROM journal_entry WHERE id = ?::uuid AND command_key = ?", entryId,
                key));
    }

    @Test
    void post_withoutDescription_describesThePayment() {
        String payment = id("pay");
        post("/v1/journal-entries", id("k"), postBody(payment, id("c"), 100, "EUR")).then().statusCode(201)
                .body("description", equalTo("Sale, payment " + payment));
    }

    @Test
    void post_sameKeySameBodyTwice_replaysWithoutSecondEntry() throws Exception {
        String payment = id("pay"), customer = id("c"), key = payment + ":post_ledger";
        String first = postSale(key, payment, customer, 500, "EUR");

        post("/v1/journal-entries", key, postBody(payment, customer, 500, "EUR")).then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("entryId", equalTo(first));
        assertEquals(1, count("SELECT count(*) FROM journal_entry WHERE payment_id = ?", payment));
    }

    @Test
    void post_sameKeyOtherBody_422KeyReused() throws Exception {
        String payment = id("pay"), customer = id("c"), key = payment + ":post_ledger";
        postSale(key, payment, customer, 500, "EUR");

        post("/v1/journal-entries", key, postBody(payment, customer, 501, "EUR")).then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:idempotency-key-reused"));
        assertEquals(1, count("SELECT count(*) FROM journal_entry WHERE payment_id = ?", payment));
    }

    @Test
    void post_otherKeyForPaymentWithSale_409EntryExists() {
        String payment = id("pay"), customer = id("c");
        String entryId = postSale(payment + ":post_ledger", payment, customer, 500, "EUR");

        post("/v1/journal-entries", id("other"), postBody(payment, customer, 500, "EUR")).then().statusCode(409)
                .body("type", equalTo("urn:baton:problem:entry-exists"))
                .body("detail", equalTo("Payment %s already has sale entry %s".formatted(payment, entryId)));
    }

    @Test
    void reverse_postedSale_201SwappedLinesBalancesBackAndForwardKeyRecorded() throws Exception {
        String payment = id("pay"), customer = id("c"), postKey = payment + ":post_ledger";
        String reverseKey = payment + ":reverse_ledger";
        long receivableBefore = balance(RECEIVABLE, "USD"), revenueBefore = balance(REVENUE, "USD");
        String saleId = postSale(postKey, payment, customer, 1234, "USD");

        String reversalId = post("/v1/journal-entries:reverse", reverseKey, reverseBody(payment, customer, postKey))
                .then().statusCode(201)
                .body("status", equalTo("REVERSED"))
                .body("reverses", equalTo(saleId))
                .body("lines", equalTo(List.of(
                        Map.of("account", RECEIVABLE, "side", "CREDIT", "amountMinor", 1234, "currency", "USD"),
                        Map.of("account", REVENUE, "side", "DEBIT", "amountMinor", 1234, "currency", "USD"))))
                .extract().path("entryId");

        assertEquals(receivableBefore, balance(RECEIVABLE, "USD"));
        assertEquals(revenueBefore, balance(REVENUE, "USD"));
        given().get("/v1/journal-entries?paymentId={p}", payment).then().statusCode(200)
                .body("entryId", equalTo(List.of(saleId, reversalId)))
                .body("kind", equalTo(List.of("SALE", "REVERSAL")))
                .body("[0].reversedBy", equalTo(reversalId))
                .body("[1].reverses", equalTo(saleId))
                .body("[1].reason", equalTo("payment failed"));
        assertEquals(List.of(new IdempotentCommands.Compensation(reverseKey, "ledger.reverse")),
                commands.compensationsOf(postKey).await().atMost(Duration.ofSeconds(10)));
        // The sale is still there: a reversal adds, it never deletes.
        assertEquals(2, count("SELECT count(*) FROM journal_entry WHERE payment_id = ?", payment));
    }

    @Test
    void reverse_sameKeyTwice_replaysWithoutSecondReversal() throws Exception {
        String payment = id("pay"), customer = id("c"), postKey = payment + ":post_ledger";
        String reverseKey = payment + ":reverse_ledger";
        postSale(postKey, payment, customer, 700, "EUR");
        String reversalId = post("/v1/journal-entries:reverse", reverseKey, reverseBody(payment, customer, postKey))
                .then().statusCode(201).extract().path("entryId");

        post("/v1/journal-entries:reverse", reverseKey, reverseBody(payment, customer, postKey)).then()
                .statusCode(201).header("Idempotent-Replayed", "true").body("entryId", equalTo(reversalId));
        assertEquals(1, count("SELECT count(*) FROM journal_entry WHERE payment_id = ? AND kind = 'REVERSAL'",
                payment));
    }

    @Test
    void reverse_reversedSaleUnderAnotherKey_200AlreadyReversedWithoutSecondReversal() throws Exception {
        String payment = id("pay"), customer = id("c"), postKey = payment + ":post_ledger";
        String saleId = postSale(postKey, payment, customer, 700, "EUR");
        String reversalId = post("/v1/journal-entries:reverse", id("first"), reverseBody(payment, customer, postKey))
                .then().statusCode(201).extract().path("entryId");

        post("/v1/journal-entries:reverse", id("second"), reverseBody(payment, customer, postKey)).then()
                .statusCode(200)
                .body("status", equalTo("ALREADY_REVERSED"))
                .body("entryId", equalTo(reversalId))
                .body("reverses", equalTo(saleId));
        assertEquals(1, count("SELECT count(*) FROM journal_entry WHERE payment_id = ? AND kind = 'REVERSAL'",
                payment));
    }

    @Test
    void reverse_beforePost_nothingToReverseAndLatePostIs409Compensated() throws Exception {
        String payment = id("pay"), customer = id("c"), postKey = payment + ":post_ledger";
        String reverseKey = payment + ":reverse_ledger";

        post("/v1/journal-entries:reverse", reverseKey, reverseBody(payment, customer, postKey)).then()
                .statusCode(200)
                .body("status", equalTo("NOTHING_TO_REVERSE"))
                .body("containsKey('entryId')", equalTo(false));

        post("/v1/journal-entries", postKey, postBody(payment, customer, 700, "EUR")).then().statusCode(409)
                .body("type", equalTo("urn:baton:problem:compensated"));
        assertEquals(0, count("SELECT count(*) FROM journal_entry WHERE payment_id = ?", payment));
        assertEquals(List.of(new IdempotentCommands.Compensation(reverseKey, "ledger.reverse")),
                commands.compensationsOf(postKey).await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void reverse_forwardKeyOfAReversal_422NotReversible() throws Exception {
        String payment = id("pay"), customer = id("c"), postKey = payment + ":post_ledger";
        String reverseKey = payment + ":reverse_ledger";
        postSale(postKey, payment, customer, 700, "EUR");
        String reversalId = post("/v1/journal-entries:reverse", reverseKey, reverseBody(payment, customer, postKey))
                .then().statusCode(201).extract().path("entryId");

        post("/v1/journal-entries:reverse", id("k"), reverseBody(payment, customer, reverseKey)).then()
                .statusCode(422)
                .body("type", equalTo("urn:baton:problem:not-reversible"))
                .body("violations.field", equalTo(List.of("forwardKey")))
                .body("violations[0].message", equalTo("names REVERSAL entry %s; only a sale is reversed"
                        .formatted(reversalId)));
        assertEquals(2, count("SELECT count(*) FROM journal_entry WHERE payment_id = ?", payment));
    }

    @Test
    void reverse_saleOfAnotherPaymentAndCustomer_422NamingBoth() {
        String payment = id("pay"), customer = id("c"), postKey = payment + ":post_ledger";
        postSale(postKey, payment, customer, 700, "EUR");

        post("/v1/journal-entries:reverse", id("k"), reverseBody("pay-x", "c-x", postKey)).then().statusCode(422)
                .body("violations.field", equalTo(List.of("paymentId", "customerId")));
        given().get("/v1/journal-entries?paymentId={p}", payment).then().body("size()", equalTo(1));
    }

    @Test
    void faultBeforePost_forThisCustomer_500NothingPostedThenRetryPosts() throws Exception {
        String payment = id("pay"), customer = id("c"), postKey = payment + ":post_ledger";
        given().contentType(ContentType.JSON).body(Map.of("operation", "ledger.post", "customerId", customer,
                "times", 1)).post("/v1/faults").then().statusCode(201);

        post("/v1/journal-entries", postKey, postBody(payment, customer, 900, "EUR")).then().statusCode(500)
                .body("type", equalTo("urn:baton:problem:injected-fault"));
        assertEquals(0, count("SELECT count(*) FROM journal_entry WHERE payment_id = ?", payment));

        post("/v1/journal-entries", postKey, postBody(payment, customer, 900, "EUR")).then().statusCode(201)
                .header("Idempotent-Replayed", nullValue());
        assertEquals(1, count("SELECT count(*) FROM journal_entry WHERE payment_id = ?", payment));
    }

    @Test
    void faultAfterReverse_forThisCustomer_reversalCommitsAndRetryReplaysIt() throws Exception {
        String payment = id("pay"), customer = id("c"), postKey = payment + ":post_ledger";
        String reverseKey = payment + ":reverse_ledger";
        postSale(postKey, payment, customer, 900, "EUR");
        given().contentType(ContentType.JSON).body(Map.of("operation", "ledger.reverse", "customerId", customer,
                "status", 503, "when", "AFTER", "times", 1)).post("/v1/faults").then().statusCode(201);

        post("/v1/journal-entries:reverse", reverseKey, reverseBody(payment, customer, postKey)).then()
                .statusCode(503);
        assertEquals(1, count("SELECT count(*) FROM journal_entry WHERE payment_id = ? AND kind = 'REVERSAL'",
                payment));

        post("/v1/journal-entries:reverse", reverseKey, reverseBody(payment, customer, postKey)).then()
                .statusCode(201).header("Idempotent-Replayed", "true").body("status", equalTo("REVERSED"));
        assertEquals(1, count("SELECT count(*) FROM journal_entry WHERE payment_id = ? AND kind = 'REVERSAL'",
                payment));
    }
}
