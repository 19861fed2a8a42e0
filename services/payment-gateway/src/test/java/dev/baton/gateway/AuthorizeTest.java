package dev.baton.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** POST /v1/authorizations: the test tokens, the idempotency rules, bad input and fault injection. */
@QuarkusTest
class AuthorizeTest {

    @AfterEach
    void noFaults() {
        given().delete("/v1/faults").then().statusCode(204);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tok_visa", "tok_mastercard", "tok_amex"})
    void authorize_approvingToken_storesAuthorizedAndAnswersIt(String token) {
        var p = Payments.fresh();
        String id = p.authorize(token, 12_345).then().statusCode(200)
                .body("paymentId", equalTo(p.paymentId()))
                .body("status", equalTo("AUTHORIZED"))
                .body("declineCode", nullValue())
                .body("amountMinor", equalTo(12_345))
                .body("currency", equalTo("EUR"))
                .header("Idempotent-Replayed", nullValue())
                .extract().path("authorizationId");

        var row = p.authorizationRow();
        assertEquals(id, row.get("id").toString());
        assertEquals("AUTHORIZED", row.get("state"));
        assertEquals(p.key("authorize"), row.get("authorize_key"));
        assertEquals(p.customerId(), row.get("customer_id"));
        assertEquals(12_345L, row.get("amount_minor"));
        assertEquals(token, row.get("payment_method_token"));
        assertNull(row.get("decline_code"));
    }

    @ParameterizedTest
    @CsvSource({"tok_insufficient_funds,insufficient_funds", "tok_stolen_card,stolen_card",
            "tok_expired_card,expired_card"})
    void authorize_decliningToken_answers200DeclinedWithCode(String token, String code) {
        var p = Payments.fresh();
        p.authorize(token, 500).then().statusCode(200)
                .body("status", equalTo("DECLINED"))
                .body("declineCode", equalTo(code));

        var row = p.authorizationRow();
        assertEquals("DECLINED", row.get("state"));
        assertEquals(code, row.get("decline_code"));
    }

    @Test
    void authorize_processingError_answers503EveryTimeAndStoresNothing() {
        var p = Payments.fresh();
        for (int attempt = 1; attempt <= 3; attempt++) {
            p.authorize("tok_processing_error", 500).then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:baton:problem:provider-unavailable"))
                    .body("detail", equalTo("The card network did not answer; retry later (simulated: "
                            + "tok_processing_error fails every attempt)"));
        }
        assertEquals(0, p.authorizations());
        assertFalse(Payments.logged(p.key("authorize")), "a failed command releases its key");
    }

    @Test
    void authorize_flaky_twoAttemptsAnswer503ThenTheThirdApprovesOnce() {
        var p = Payments.fresh();
        p.authorize("tok_flaky", 700).then().statusCode(503)
                .body("detail", equalTo("The card network did not answer; retry later (simulated: tok_flaky fails "
                        + "attempt 1 of 2)"));
        p.authorize("tok_flaky", 700).then().statusCode(503)
                .body("detail", equalTo("The card network did not answer; retry later (simulated: tok_flaky fails "
                        + "attempt 2 of 2)"));
        assertEquals(0, p.authorizations());

        String id = p.authorize("tok_flaky", 700).then().statusCode(200).body("status", equalTo("AUTHORIZED"))
                .extract().path("authorizationId");
        p.authorize("tok_flaky", 700).then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("authorizationId", equalTo(id));
        assertEquals(1, p.authorizations());
    }

    @Test
    void authorize_flakyUnderAnotherKey_countsAttemptsPerKey() {
        var p = Payments.fresh();
        p.authorize("tok_flaky", 700).then().statusCode(503);
        Payments.command("/v1/authorizations", p.key("authorize-again"), p.authorizeBody(700, "EUR", "tok_flaky"))
                .then().statusCode(503).body("detail", org.hamcrest.Matchers.endsWith("attempt 1 of 2)"));
    }

    @Test
    void authorize_sameKeySameBody_replaysTheStoredAnswerWithoutASecondAuthorization() {
        var p = Payments.fresh();
        String first = p.authorize("tok_visa", 900).then().statusCode(200).extract().asString();
        String again = p.authorize("tok_visa", 900).then().statusCode(200)
                .header("Idempotent-Replayed", "true").extract().asString();
        assertEquals(first, again);
        assertEquals(1, p.authorizations());
    }

    @Test
    void authorize_sameKeyOtherBody_answers422AndKeepsTheFirst() {
        var p = Payments.fresh();
        p.authorize("tok_visa", 900).then().statusCode(200);
        p.authorize("tok_visa", 901).then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:idempotency-key-reused"))
                .body("detail", equalTo("Idempotency-Key '%s' was already used for another request (%s); send a new "
                        .formatted(p.key("authorize"), "gateway.authorize:" + p.paymentId())
                        + "key for a new request"));
        assertEquals(900L, p.authorizationRow().get("amount_minor"));
    }

    @Test
    void authorize_declinedThenRetried_replaysTheDecline() {
        var p = Payments.fresh();
        p.authorize("tok_stolen_card", 100).then().statusCode(200).body("status", equalTo("DECLINED"));
        p.authorize("tok_stolen_card", 100).then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("status", equalTo("DECLINED")).body("declineCode", equalTo("stolen_card"));
        assertEquals(1, p.authorizations());
    }

    @Test
    void authorize_withoutIdempotencyKey_answers400NamingTheHeader() {
        var p = Payments.fresh();
        Payments.command("/v1/authorizations", null, p.authorizeBody(100, "EUR", "tok_visa")).then().statusCode(400)
                .body("type", equalTo("urn:baton:problem:invalid-idempotency-key"))
                .body("violations[0].field", equalTo("Idempotency-Key"))
                .body("violations[0].message", equalTo("the Idempotency-Key header is required on every command"));
        assertEquals(0, p.authorizations());
    }

    @Test
    void authorize_keyLongerThan255_answers400() {
        var p = Payments.fresh();
        Payments.command("/v1/authorizations", "k".repeat(256), p.authorizeBody(100, "EUR", "tok_visa"))
                .then().statusCode(400).body("violations[0].message", equalTo("at most 255 characters, got 256"));
    }

    @Test
    void authorize_unknownToken_answers422NamingTheField() {
        var p = Payments.fresh();
        p.authorize("tok_made_up", 100).then().statusCode(422)
                .body("type", equalTo("urn:baton:problem:unknown-payment-method"))
                .body("violations[0].field", equalTo("paymentMethodToken"))
                .body("violations[0].message", equalTo("'tok_made_up' is not a token this provider issued; test "
                        + "tokens: tok_visa, tok_mastercard, tok_amex, tok_insufficient_funds, tok_stolen_card, "
                        + "tok_expired_card, tok_processing_error, tok_slow, tok_flaky"));
        assertEquals(0, p.authorizations());
    }

    @ParameterizedTest
    @ValueSource(strings = {"eur", "EURO", "ABC"})
    void authorize_badCurrency_answers400NamingCurrency(String currency) {
        String message = "must be an ISO 4217 currency code such as EUR";
        var p = Payments.fresh();
        Payments.command("/v1/authorizations", p.key("authorize"), p.authorizeBody(100, currency, "tok_visa"))
                .then().statusCode(400)
                .body("type", equalTo("urn:baton:problem:invalid-request"))
                .body("violations", equalTo(List.of(Map.of("field", "currency", "message", message))));
    }

    @Test
    void authorize_zeroAmountAndMissingFields_listsEveryViolation() {
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k-" + java.util.UUID.randomUUID())
                .body(Map.of("amountMinor", 0, "paymentMethodToken", "visa"))
                .post("/v1/authorizations").then().statusCode(400)
                .body("violations.field", equalTo(List.of("amountMinor", "currency", "customerId", "paymentId",
                        "paymentMethodToken")))
                .body("violations.message", equalTo(List.of("must be greater than 0", "must not be null",
                        "must not be blank", "must not be blank",
                        "must be a payment method token (tok_...); card numbers are never accepted")));
    }

    @Test
    void authorize_faultBeforeForThisCustomer_answersTheStatusAndAppliesNothing() {
        var p = Payments.fresh();
        given().contentType(ContentType.JSON)
                .body(Map.of("operation", "gateway.authorize", "customerId", p.customerId(), "status", 500,
                        "when", "BEFORE", "times", 1))
                .post("/v1/faults").then().statusCode(201);

        p.authorize("tok_visa", 100).then().statusCode(500)
                .body("type", equalTo("urn:baton:problem:injected-fault"));
        assertEquals(0, p.authorizations());
        p.authorize("tok_visa", 100).then().statusCode(200).header("Idempotent-Replayed", nullValue());
        assertEquals(1, p.authorizations());
    }

    @Test
    void authorize_faultAfter_commitsTheAuthorizationAndTheRetryReplaysIt() {
        var p = Payments.fresh();
        given().contentType(ContentType.JSON)
                .body(Map.of("operation", "gateway.authorize", "customerId", p.customerId(), "when", "AFTER",
                        "times", 1))
                .post("/v1/faults").then().statusCode(201);

        p.authorize("tok_visa", 100).then().statusCode(500);
        assertEquals(1, p.authorizations());
        p.authorize("tok_visa", 100).then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("authorizationId", equalTo(p.authorizationRow().get("id").toString()));
    }
}
