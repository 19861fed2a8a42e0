package dev.baton.checkout.service;

import static dev.baton.checkout.Api.authed;
import static dev.baton.checkout.Api.id;
import static dev.baton.checkout.Api.payment;
import static dev.baton.checkout.Api.paymentRow;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.checkout.FakeEngine;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The start-pending loop as it runs in production (every poll interval, on its own): a payment accepted while
 * the engine was down is started, once, after the engine comes back, with no request from anyone. The engine is
 * {@link FakeEngine}; the real one is exercised by the lead's system test.
 */
@QuarkusTest
class StartPendingLoopTest {

    @Inject
    CircuitBreakerMaintenance breakers;

    @AfterEach
    void engineUp() {
        FakeEngine.get().reset();
        breakers.resetAll();
    }

    @Test
    void loop_engineDownAtAcceptance_startsThePaymentOnceWhenTheEngineReturns() {
        FakeEngine engine = FakeEngine.get();
        engine.reset();
        breakers.resetAll();
        engine.stop();

        String id = authed().contentType("application/json").header("Idempotency-Key", id("k"))
                .body(payment(id("c"))).when().post("/v1/payments")
                .then().statusCode(202).body("status", equalTo("PENDING")).extract().path("paymentId");
        UUID paymentId = UUID.fromString(id);
        // The loop keeps trying while the engine is down.
        await().atMost(Duration.ofSeconds(15)).until(() -> (int) paymentRow(paymentId).get("start_attempts") >= 3);
        assertEquals("PENDING", paymentRow(paymentId).get("state"));

        engine.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> "PROCESSING".equals(paymentRow(paymentId).get("state")));
        assertEquals(1, engine.createdFor(id).size());
        assertEquals(engine.createdFor(id).getFirst().executionName(), paymentRow(paymentId).get("execution_name"));
    }
}
