package dev.baton.checkout.service;

import static dev.baton.checkout.Api.authed;
import static dev.baton.checkout.Api.id;
import static dev.baton.checkout.Api.payment;
import static dev.baton.checkout.Api.paymentRow;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.checkout.FakeEngine;
import dev.baton.checkout.LoopsOff;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What happens to a payment when the engine cannot be reached, answers slowly, refuses, or fails repeatedly: the
 * client gets 202 either way, the payment stays PENDING (never lost), and a starter round creates exactly one
 * execution once the engine is back. The starter's own loop is off here so each round is driven by the test;
 * {@link StartPendingLoopTest} runs the loop itself. {@link FakeEngine} plays the engine; the real one is exercised
 * by the lead's system test.
 */
@QuarkusTest
@TestProfile(LoopsOff.class)
class EngineOutageTest {

    @Inject
    ExecutionStarter starter;

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
    void cleanUp() {
        engine.reset();
        breakers.resetAll();
    }

    private static Response post(String customer) {
        return authed().contentType("application/json").header("Idempotency-Key", id("k")).body(payment(customer))
                .when().post("/v1/payments");
    }

    /** Runs rounds until the payment leaves PENDING. */
    private Map<String, Object> roundsUntilStarted(UUID paymentId) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            starter.round().await().atMost(Duration.ofSeconds(10));
            return "PROCESSING".equals(paymentRow(paymentId).get("state"));
        });
        return paymentRow(paymentId);
    }

    @Test
    void create_engineAnswers503Once_isRetriedWithinTheRequest() {
        int before = engine.createCalls();
        engine.next(new FakeEngine.Status(503));

        String id = post(id("c")).then().statusCode(202).body("status", equalTo("PROCESSING"))
                .extract().path("paymentId");

        assertEquals(2, engine.createCalls() - before, "the refused attempt and its retry");
        assertEquals(1, engine.createdFor(id).size());
    }

    @Test
    void create_engineRefusesConnections_acceptsPendingAndAStarterRoundStartsItOnceTheEngineIsBack() {
        engine.stop();
        Response r = post(id("c"));
        r.then().statusCode(202).body("status", equalTo("PENDING")).body("links.execution", nullValue())
                .body("$", not(hasKey("executionName")));
        UUID paymentId = UUID.fromString(r.path("paymentId"));
        var row = paymentRow(paymentId);
        assertEquals("PENDING", row.get("state"));
        assertEquals(1, row.get("start_attempts"));
        assertTrue(((String) row.get("last_start_error")).startsWith("cannot reach the workflow engine at http://127.0.0.1:"),
                row.get("last_start_error").toString());

        // Still down: a round tries again and leaves it pending.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            starter.round().await().atMost(Duration.ofSeconds(10));
            return (int) paymentRow(paymentId).get("start_attempts") >= 2;
        });
        assertEquals("PENDING", paymentRow(paymentId).get("state"));

        engine.start();
        breakers.resetAll();
        var started = roundsUntilStarted(paymentId);
        var created = engine.createdFor(paymentId.toString());
        assertEquals(1, created.size(), "exactly one execution");
        assertEquals(created.getFirst().executionName(), started.get("execution_name"));
        authed().get("/v1/payments/{id}", paymentId).then().statusCode(200).body("status", equalTo("PROCESSING"));
    }

    @Test
    void create_engineGivesNoAnswerInTime_isNotRetriedInTheRequestSinceTheExecutionMayExist() {
        int before = engine.createCalls();
        engine.next(new FakeEngine.Stall());

        String id = post(id("c")).then().statusCode(202).body("status", equalTo("PENDING"))
                .extract().path("paymentId");

        assertEquals(1, engine.createCalls() - before, "a timed-out create is left to the starter, not repeated");
        assertEquals("workflow engine gave no answer within the deadline",
                paymentRow(UUID.fromString(id)).get("last_start_error"));
        engine.release();
        roundsUntilStarted(UUID.fromString(id));
        assertEquals(1, engine.createdFor(id).size());
    }

    @Test
    void create_engineRejectsTheRequest_isNotRetriedAtOnceButByTheStarter() {
        int before = engine.createCalls();
        engine.next(new FakeEngine.Status(404));

        String id = post(id("c")).then().statusCode(202).body("status", equalTo("PENDING"))
                .extract().path("paymentId");

        assertEquals(1, engine.createCalls() - before);
        assertEquals("workflow engine answered 404: NOT_FOUND: scripted failure",
                paymentRow(UUID.fromString(id)).get("last_start_error"));
        roundsUntilStarted(UUID.fromString(id));
        assertEquals(1, engine.createdFor(id).size());
    }

    @Test
    void create_engineDownForManyCalls_opensTheBreakerAndLaterCallsFailFast() {
        for (int i = 0; i < 12; i++) {
            engine.next(new FakeEngine.Status(503));
        }
        // Each request makes three refused attempts; the breaker opens once half of the last ten failed.
        for (int i = 0; i < 4; i++) {
            post(id("c")).then().statusCode(202).body("status", equalTo("PENDING"));
        }
        int before = engine.createCalls();
        String id = post(id("c")).then().statusCode(202).body("status", equalTo("PENDING"))
                .extract().path("paymentId");
        assertEquals("workflow engine circuit breaker is open (recent calls failed)",
                paymentRow(UUID.fromString(id)).get("last_start_error"));
        assertEquals(before, engine.createCalls(), "the open breaker kept the call from the engine");
    }

    @Test
    void backoff_growsByDoublingUpToTheCap() {
        // %test: initial 200ms, max 1s, ±20%.
        for (int i = 0; i < 20; i++) {
            long first = starter.backoff(1).toMillis();
            assertTrue(first >= 160 && first <= 240, "attempt 1: " + first);
            long second = starter.backoff(2).toMillis();
            assertTrue(second >= 320 && second <= 480, "attempt 2: " + second);
            long capped = starter.backoff(40).toMillis();
            assertTrue(capped >= 800 && capped <= 1000, "capped: " + capped);
        }
    }
}
