package dev.baton.checkout.rest;

import static dev.baton.checkout.Api.authed;
import static dev.baton.checkout.Api.id;
import static dev.baton.checkout.Api.payment;
import static dev.baton.checkout.Api.paymentRow;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.checkout.Api;
import dev.baton.checkout.FakeEngine;
import dev.baton.platform.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/payments}: validation, authentication, the Idempotency-Key rules, and the start of the saga on
 * the engine. {@link FakeEngine} plays the workflow engine here; the real engine is exercised by the lead's system
 * test through the local launcher.
 */
@QuarkusTest
class CreatePaymentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    CircuitBreakerMaintenance breakers;

    FakeEngine engine;

    @BeforeEach
    void engineUp() {
        engine = FakeEngine.get();
        engine.reset();
        breakers.resetAll();
    }

    @AfterEach
    void releaseHeld() {
        engine.release();
    }

    private static Response post(String key, String body) {
        var request = authed().contentType("application/json").body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post("/v1/payments");
    }

    @Test
    void create_validRequest_answers202ProcessingAndStartsTheWorkflowWithThePayment() throws Exception {
        String customer = id("c");
        Response r = post(id("k"), payment(customer));
        r.then().statusCode(202).contentType("application/json")
                .header(PaymentResource.REPLAYED, nullValue())
                .body("status", equalTo("PROCESSING"));
        UUID paymentId = UUID.fromString(r.path("paymentId"));

        List<FakeEngine.Created> created = engine.createdFor(paymentId.toString());
        assertEquals(1, created.size(), "one execution");
        var execution = created.getFirst();
        assertEquals("projects/baton/locations/local/workflows/payment", execution.workflowPath());
        assertEquals(JSON.readTree("""
                {"paymentId":"%s","customerId":"%s","customerEmail":"%s@example.com","amountMinor":2500,
                 "currency":"EUR","paymentMethodToken":"tok_visa_4242",
                 "lineItems":[{"sku":"MUG-1","description":"Mug","quantity":2,"unitAmountMinor":1000},
                              {"sku":null,"description":"Spoon","quantity":1,"unitAmountMinor":500}],
                 "billingCountry":"DE","ipCountry":"DE"}""".formatted(paymentId, customer, customer)),
                execution.argument());

        r.then().body("links.self", equalTo("/v1/payments/" + paymentId))
                .body("executionName", equalTo(execution.executionName()))
                .body("links.execution", equalTo(engineUrl() + "/v1/" + execution.executionName()));
        var row = paymentRow(paymentId);
        assertEquals("PROCESSING", row.get("state"));
        assertEquals(execution.executionName(), row.get("execution_name"));
        assertNull(row.get("next_start_at"));
        assertEquals(1, row.get("start_attempts"));
    }

    @Test
    void create_sameKeyAndBodyAgain_replaysTheStoredResponseWithoutASecondExecution() {
        String key = id("k");
        String customer = id("c");
        String body = payment(customer);
        Response first = post(key, body);
        first.then().statusCode(202);

        Response again = post(key, body.replace("\n", " ")); // the same JSON, formatted differently
        again.then().statusCode(202).header(PaymentResource.REPLAYED, "true");
        assertEquals(first.asString(), again.asString());
        String paymentId = first.path("paymentId");
        assertEquals(1, engine.createdFor(paymentId).size());
        assertEquals(1, TestDatabase.rows("SELECT id FROM payment WHERE customer_id = ?", customer).size());
    }

    @Test
    void create_sameKeyOtherBody_answers422AndCreatesNothing() {
        String key = id("k");
        String customer = id("c");
        String paymentId = post(key, payment(customer)).then().statusCode(202).extract().path("paymentId");

        post(key, payment(customer, 3000)).then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:idempotency-key-reused"))
                .body("detail", equalTo("Idempotency-Key '" + key + "' was used for another request (payment "
                        + paymentId + "); send a new key for a new payment"));
        assertEquals(1, TestDatabase.rows("SELECT id FROM payment WHERE customer_id = ?", customer).size());
    }

    @Test
    void create_duplicateWhileTheFirstIsInProgress_answers409() throws Exception {
        String key = id("k");
        String body = payment(id("c"));
        engine.next(new FakeEngine.Hold());
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> post(key, body));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> engine.holding() == 1);

        post(key, body).then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:request-in-progress"));

        engine.release();
        first.get().then().statusCode(202).header(PaymentResource.REPLAYED, nullValue());
        post(key, body).then().statusCode(202).header(PaymentResource.REPLAYED, "true");
    }

    @Test
    void create_keyOfACrashedRequest_isAnsweredFromTheStoredPaymentAfterTheLease() {
        // A request that recorded its payment and died before storing its answer: the key stays IN_PROGRESS.
        String key = id("k");
        String body = payment(id("c"));
        // Record it as the real request would have (same hash), through the API on another key, then move that
        // payment's key row under ours, aged past the lease and with no answer stored.
        String otherKey = id("k");
        String realId = post(otherKey, body).then().statusCode(202).extract().path("paymentId");
        TestDatabase.rows("UPDATE idempotency_key SET idempotency_key = ?, state = 'IN_PROGRESS', response_status = NULL,"
                + " response_body = NULL, locked_at = now() - interval '1 hour' WHERE idempotency_key = ?", key, otherKey);

        Response r = post(key, body);
        r.then().statusCode(202).header(PaymentResource.REPLAYED, "true")
                .body("paymentId", equalTo(realId)).body("status", equalTo("PROCESSING"));
        assertEquals("COMPLETED", TestDatabase.row("SELECT state FROM idempotency_key WHERE idempotency_key = ?", key)
                .get("state"));
        assertEquals(1, engine.createdFor(realId).size());
    }

    @Test
    void create_withoutIdempotencyKey_answers400NamingTheHeader() {
        post(null, payment(id("c"))).then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:invalid-idempotency-key"))
                .body("violations[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void create_withoutOrWithWrongBearerKey_answers401() {
        given().contentType("application/json").header("Idempotency-Key", id("k")).body(payment(id("c")))
                .when().post("/v1/payments")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"baton\"")
                .body("type", equalTo("urn:baton:problem:unauthorized"))
                .body("detail", equalTo("This API needs an Authorization: Bearer <api key> header"));
        given().contentType("application/json").header("Authorization", "Bearer nope")
                .header("Idempotency-Key", id("k")).body(payment(id("c")))
                .when().post("/v1/payments")
                .then().statusCode(401).body("detail", equalTo("The API key is not valid"));
        given().header("Authorization", "Basic dGVzdDp0ZXN0").when().get("/v1/payments")
                .then().statusCode(401).body("detail", equalTo("The Authorization header must use the Bearer scheme"));
    }

    @Test
    void create_secondConfiguredKey_isAccepted() {
        given().header("Authorization", "Bearer test-key-2").contentType("application/json")
                .header("Idempotency-Key", id("k")).body(payment(id("c")))
                .when().post("/v1/payments").then().statusCode(202);
    }

    @Test
    void create_invalidFields_answers400ListingEachField() {
        String body = """
                {"amountMinor": 0, "currency": "XYZ", "customerId": "", "customerEmail": "not-an-email",
                 "paymentMethodToken": "tok", "billingCountry": "XX",
                 "lineItems": [{"description": "Mug", "quantity": 0, "unitAmountMinor": -1}]}""";
        post(id("k"), body).then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:invalid-request"))
                .body("violations.field", equalTo(List.of("amountMinor", "billingCountry", "currency", "customerEmail",
                        "customerId", "lineItems[0].quantity", "lineItems[0].unitAmountMinor")))
                .body("violations.message", equalTo(List.of("must be greater than 0",
                        "must be an ISO 3166-1 alpha-2 country code such as DE",
                        "must be an ISO 4217 currency code such as EUR", "must be an email address",
                        "must not be blank", "must be greater than 0", "must be greater than or equal to 0")));
    }

    @Test
    void create_lowerCaseCurrency_answers400() {
        post(id("k"), payment(id("c")).replace("\"EUR\"", "\"eur\"")).then().statusCode(400)
                .body("violations.field", equalTo(List.of("currency")));
    }

    @Test
    void create_cardNumberAsToken_answers422AndStoresNothing() {
        String customer = id("c");
        post(id("k"), payment(customer).replace("tok_visa_4242", "4242 4242 4242 4242")).then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:card-number-refused"))
                .body("violations.field", equalTo(List.of("paymentMethodToken")))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("4242 4242")));
        assertTrue(TestDatabase.rows("SELECT id FROM payment WHERE customer_id = ?", customer).isEmpty());
    }

    @Test
    void create_cardNumberInALineItem_answers422NamingTheLine() {
        post(id("k"), payment(id("c")).replace("\"Spoon\"", "\"card 5555-5555-5555-4444\"")).then().statusCode(422)
                .body("violations.field", equalTo(List.of("lineItems[1].description")));
    }

    @Test
    void create_cardNumbersInOtherFields_answers422NamingEachAndStoresNothing() {
        String customer = id("c");
        String body = payment(customer).replace("\"" + customer + "@example.com\"", "\"4111111111111111@example.com\"")
                .replace("Two mugs and a spoon", "maestro 6759 0000 0018");
        post(id("k"), body).then().statusCode(422)
                .body("type", equalTo("urn:baton:problem:card-number-refused"))
                .body("violations.field", equalTo(List.of("customerEmail", "description")))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("4111")))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("6759")));
        assertTrue(TestDatabase.rows("SELECT id FROM payment WHERE customer_id = ?", customer).isEmpty());
    }

    @Test
    void create_cardNumberWithoutApiKey_answers401BeforeAnyCardCheck() {
        given().contentType("application/json").header("Idempotency-Key", id("k"))
                .body(payment(id("c")).replace("tok_visa_4242", "4242 4242 4242 4242"))
                .when().post("/v1/payments").then().statusCode(401)
                .body("type", equalTo("urn:baton:problem:unauthorized"));
    }

    @Test
    void create_lineItemsNotAddingUp_answers422() {
        String body = payment(id("c")).replace("\"amountMinor\": 2500", "\"amountMinor\": 2600");
        post(id("k"), body).then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:amount-mismatch"))
                .body("violations[0].field", equalTo("lineItems"))
                .body("violations[0].message", equalTo(
                        "quantity × unitAmountMinor must add up to amountMinor (2600); they add up to 2500"));
    }

    @Test
    void create_malformedJson_answers400WithLineAndColumn() {
        post(id("k"), "{\"amountMinor\": 25,\n \"lineItems\": [").then().statusCode(400)
                .body("type", equalTo("urn:baton:problem:malformed-json"));
    }

    static String engineUrl() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("baton.checkout.engine.url", String.class);
    }
}
