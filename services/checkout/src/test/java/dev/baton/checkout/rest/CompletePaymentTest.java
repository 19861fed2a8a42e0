package dev.baton.checkout.rest;

import static dev.baton.checkout.Api.authed;
import static dev.baton.checkout.Api.id;
import static dev.baton.checkout.Api.payment;
import static dev.baton.checkout.Api.paymentRow;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.checkout.Api;
import dev.baton.checkout.FakeEngine;
import dev.baton.contracts.EventSchemas;
import dev.baton.contracts.EventTypes;
import dev.baton.platform.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/payments/{id}:complete}, the saga's last command: guarded transitions, the platform command log
 * (same key replays, other body 422), and the outcome events written to the outbox exactly once, valid against
 * the contracts. Payments are created through the API against {@link FakeEngine} (the real engine is exercised by
 * the lead's system test).
 */
@QuarkusTest
class CompletePaymentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void engineUp() {
        FakeEngine.get().reset();
        breakers.resetAll();
    }

    @AfterEach
    void noFaults() {
        given().delete("/v1/faults").then().statusCode(204);
    }

    /** A PROCESSING payment of a fresh customer: [paymentId, customerId, executionName]. */
    private static String[] processing() {
        String customer = id("c");
        String paymentId = authed().contentType("application/json").header("Idempotency-Key", id("k"))
                .body(payment(customer)).when().post("/v1/payments")
                .then().statusCode(202).body("status", equalTo("PROCESSING")).extract().path("paymentId");
        String execution = FakeEngine.get().createdFor(paymentId).getFirst().executionName();
        return new String[] {paymentId, customer, execution};
    }

    private static Response complete(String paymentId, String key, String body) {
        // A literal colon, as the task queue sends it (rest-assured would encode it as %3A otherwise).
        var request = given().urlEncodingEnabled(false).contentType("application/json").body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post("/v1/payments/" + paymentId + ":complete");
    }

    private static String succeeded(String paymentId, String customer, String orderId) {
        return """
                {"paymentId":"%s","customerId":"%s","status":"SUCCEEDED","orderId":"%s"}"""
                .formatted(paymentId, customer, orderId);
    }

    private static String failed(String paymentId, String customer, String reason, String message, String step) {
        return """
                {"paymentId":"%s","customerId":"%s","status":"FAILED","reason":%s,"message":%s,"failedStep":%s}"""
                .formatted(paymentId, customer, quoted(reason), quoted(message), quoted(step));
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    private static List<Map<String, Object>> events(String paymentId) {
        return TestDatabase.rows("SELECT event_id, type, aggregate_id, subject, source, data FROM baton_platform.outbox_event"
                + " WHERE aggregate_id = ? ORDER BY id", paymentId);
    }

    @Test
    void complete_succeeded_movesToSucceededAndEmitsPaymentSucceededOnce() throws Exception {
        String[] p = processing();
        String key = p[2].substring(p[2].lastIndexOf('/') + 1) + ":record_outcome";

        complete(p[0], key, succeeded(p[0], p[1], "order-1")).then().statusCode(200)
                .body("paymentId", equalTo(p[0])).body("status", equalTo("SUCCEEDED"))
                .body("orderId", equalTo("order-1")).body("completedAt", notNullValue())
                .body("progress.stepsDone", equalTo(7)).body("progress.stepsTotal", equalTo(7))
                .body("progress.currentStep", nullValue()).body("executionName", equalTo(p[2]))
                .body("$", not(hasKey("executionState")));

        var row = paymentRow(UUID.fromString(p[0]));
        assertEquals("SUCCEEDED", row.get("state"));
        assertEquals("order-1", row.get("order_id"));
        assertNotNull(row.get("completed_at"));

        var events = events(p[0]);
        assertEquals(1, events.size());
        var event = events.getFirst();
        assertEquals(key, event.get("event_id"));
        assertEquals(EventTypes.PAYMENT_SUCCEEDED, event.get("type"));
        assertEquals(p[0], event.get("subject"));
        assertEquals("/baton/checkout", event.get("source"));
        byte[] data = (byte[]) event.get("data");
        EventSchemas.requireValid(EventTypes.PAYMENT_SUCCEEDED, data);
        assertEquals(JSON.readTree("""
                {"paymentId":"%s","orderId":"order-1","customerId":"%s","amountMinor":2500,"currency":"EUR"}"""
                .formatted(p[0], p[1])), JSON.readTree(data));

        authed().get("/v1/payments/{id}", p[0]).then().statusCode(200).body("status", equalTo("SUCCEEDED"))
                .body("orderId", equalTo("order-1")).body("progress.stepsDone", equalTo(7));
    }

    @Test
    void complete_failed_movesToFailedAndEmitsPaymentFailedWithReasonAndMessage() throws Exception {
        String[] p = processing();
        String key = id("exec") + ":record_outcome";

        complete(p[0], key, failed(p[0], p[1], "card_declined", "Your card was declined.", "authorize"))
                .then().statusCode(200).body("status", equalTo("FAILED"))
                .body("failureReason", equalTo("card_declined"))
                .body("failureMessage", equalTo("Your card was declined."))
                .body("failedStep", equalTo("authorize"))
                .body("progress.stepsDone", equalTo(1)).body("progress.currentStep", equalTo("authorize"));

        var event = events(p[0]).getFirst();
        assertEquals(EventTypes.PAYMENT_FAILED, event.get("type"));
        assertEquals(key, event.get("event_id"));
        byte[] data = (byte[]) event.get("data");
        EventSchemas.requireValid(EventTypes.PAYMENT_FAILED, data);
        assertEquals(JSON.readTree("""
                {"paymentId":"%s","customerId":"%s","customerEmail":"%s@example.com","amountMinor":2500,
                 "currency":"EUR","reason":"card_declined","message":"Your card was declined."}"""
                .formatted(p[0], p[1], p[1])), JSON.readTree(data));
    }

    @Test
    void complete_failedWithoutReason_isAProcessingErrorAndTheEventHasNoMessage() throws Exception {
        String[] p = processing();
        complete(p[0], id("k"), failed(p[0], p[1], null, null, "capture")).then().statusCode(200)
                .body("failureReason", equalTo("processing_error")).body("progress.stepsDone", equalTo(4));
        byte[] data = (byte[]) events(p[0]).getFirst().get("data");
        EventSchemas.requireValid(EventTypes.PAYMENT_FAILED, data);
        assertEquals(JSON.readTree("""
                {"paymentId":"%s","customerId":"%s","customerEmail":"%s@example.com","amountMinor":2500,
                 "currency":"EUR","reason":"processing_error"}""".formatted(p[0], p[1], p[1])), JSON.readTree(data));
    }

    @Test
    void complete_sameKeyAndBodyAgain_replaysWithoutASecondEvent() {
        String[] p = processing();
        String key = id("k");
        String body = succeeded(p[0], p[1], "order-2");
        String first = complete(p[0], key, body).then().statusCode(200).extract().asString();

        complete(p[0], key, body).then().statusCode(200).header(PaymentResource.REPLAYED, "true")
                .body(equalTo(first));
        assertEquals(1, events(p[0]).size());
    }

    @Test
    void complete_sameKeyOtherBody_answers422() {
        String[] p = processing();
        String key = id("k");
        complete(p[0], key, succeeded(p[0], p[1], "order-3")).then().statusCode(200);

        complete(p[0], key, succeeded(p[0], p[1], "order-4")).then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:idempotency-key-reused"));
        assertEquals("order-3", paymentRow(UUID.fromString(p[0])).get("order_id"));
    }

    @Test
    void complete_alreadyTerminal_answers409AndChangesNothing() {
        String[] p = processing();
        complete(p[0], id("k"), succeeded(p[0], p[1], "order-5")).then().statusCode(200);

        complete(p[0], id("k"), failed(p[0], p[1], "card_declined", null, "capture")).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:illegal-transition"))
                .body("detail", equalTo("Payment " + p[0] + " is SUCCEEDED already; it cannot become FAILED"));
        complete(p[0], id("k"), succeeded(p[0], p[1], "order-6")).then().statusCode(409)
                .body("detail", equalTo("Payment " + p[0] + " is SUCCEEDED already; it cannot become SUCCEEDED"));

        var row = paymentRow(UUID.fromString(p[0]));
        assertEquals("SUCCEEDED", row.get("state"));
        assertEquals("order-5", row.get("order_id"));
        assertEquals(1, events(p[0]).size());
    }

    @Test
    void complete_anotherCustomersPayment_answers422AndTheKeyStaysUnused() {
        String[] p = processing();
        String key = id("k");
        complete(p[0], key, succeeded(p[0], "someone-else", "order-7")).then().statusCode(422)
                .body("type", equalTo("urn:baton:problem:customer-mismatch"));
        assertEquals("PROCESSING", paymentRow(UUID.fromString(p[0])).get("state"));

        // Nothing was applied, so the key is free for the corrected command.
        complete(p[0], key, succeeded(p[0], p[1], "order-7")).then().statusCode(200);
    }

    @Test
    void complete_unknownPayment_answers404() {
        String id = UUID.randomUUID().toString();
        complete(id, id("k"), succeeded(id, "c", "o")).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:payment-not-found"))
                .body("detail", equalTo("No payment with id " + id));
    }

    @Test
    void complete_invalidBodies_answer400NamingTheField() {
        String[] p = processing();
        complete(p[0], id("k"), """
                {"paymentId":"%s","customerId":"%s","status":"SUCCEEDED"}""".formatted(p[0], p[1]))
                .then().statusCode(400).body("violations.field", equalTo(List.of("orderId")))
                .body("violations.message", equalTo(List.of("is required when status is SUCCEEDED")));
        complete(p[0], id("k"), succeeded(UUID.randomUUID().toString(), p[1], "o")).then().statusCode(400)
                .body("violations.field", equalTo(List.of("paymentId")));
        complete(p[0], id("k"), failed(p[0], p[1], "Card Declined", null, null)).then().statusCode(400)
                .body("violations.field", equalTo(List.of("reason")))
                .body("violations.message", equalTo(List.of("must be snake_case such as card_declined")));
        complete(p[0], id("k"), """
                {"paymentId":"%s","customerId":"%s","status":"DONE"}""".formatted(p[0], p[1]))
                .then().statusCode(400).body("type", equalTo("urn:baton:problem:malformed-json"));
        complete(p[0], null, succeeded(p[0], p[1], "o")).then().statusCode(400)
                .body("violations.field", equalTo(List.of("Idempotency-Key")));
        assertEquals("PROCESSING", paymentRow(UUID.fromString(p[0])).get("state"));
    }

    @Test
    void complete_withTheTaskQueuesTokenInsteadOfAnApiKey_isAccepted() {
        String[] p = processing();
        given().urlEncodingEnabled(false)
                .header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJjaGVja291dCJ9.c2ln")
                .contentType("application/json").header("Idempotency-Key", id("k"))
                .body(succeeded(p[0], p[1], "order-8"))
                .when().post("/v1/payments/" + p[0] + ":complete").then().statusCode(200);
    }

    @Test
    void complete_faultAfterTheEffect_callerSees500ButTheRetryReplaysTheCommittedOutcome() {
        String[] p = processing();
        given().contentType("application/json").body("""
                {"operation":"checkout.complete","customerId":"%s","status":500,"when":"AFTER","times":1}"""
                .formatted(p[1])).when().post("/v1/faults").then().statusCode(201);
        String key = id("k");
        String body = succeeded(p[0], p[1], "order-9");

        complete(p[0], key, body).then().statusCode(500).body("type", equalTo("urn:baton:problem:injected-fault"));
        assertEquals("SUCCEEDED", paymentRow(UUID.fromString(p[0])).get("state"));

        complete(p[0], key, body).then().statusCode(200).header(PaymentResource.REPLAYED, "true")
                .body("status", equalTo("SUCCEEDED"));
        assertEquals(1, events(p[0]).size());
    }

    @Test
    void complete_paymentStillPending_isAllowedSinceOnlyTheRecordingOfTheExecutionWasLost() {
        FakeEngine.get().stop();
        String customer = id("c");
        String paymentId = authed().contentType("application/json").header("Idempotency-Key", id("k"))
                .body(payment(customer)).when().post("/v1/payments")
                .then().statusCode(202).body("status", equalTo("PENDING")).extract().path("paymentId");

        complete(paymentId, id("k"), failed(paymentId, customer, "fraud_rejected", null, "assess_fraud"))
                .then().statusCode(200).body("status", equalTo("FAILED")).body("progress.stepsDone", equalTo(0));
        FakeEngine.get().start();
        breakers.resetAll();
        // Completed payments are not started any more.
        var row = paymentRow(UUID.fromString(paymentId));
        assertEquals("FAILED", row.get("state"));
        assertEquals(null, row.get("next_start_at"));
    }
}
