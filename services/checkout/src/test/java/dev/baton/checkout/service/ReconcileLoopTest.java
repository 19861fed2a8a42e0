package dev.baton.checkout.service;

import static dev.baton.checkout.Api.authed;
import static dev.baton.checkout.Api.id;
import static dev.baton.checkout.Api.payment;
import static dev.baton.checkout.Api.paymentRow;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.checkout.FakeEngine;
import dev.baton.contracts.EventTypes;
import dev.baton.platform.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler as it runs in production (every poll interval, on its own, with the real clock): a payment whose
 * execution was cancelled is settled with no request from anyone. %test makes the age an hour so the loop leaves
 * every other test's payments alone; this test makes its own payment old enough by moving its first look into the
 * past. The engine is {@link FakeEngine}; the real one is exercised by the lead's system test.
 */
@QuarkusTest
class ReconcileLoopTest {

    @Inject
    CircuitBreakerMaintenance breakers;

    @AfterEach
    void engineUp() {
        FakeEngine.get().reset();
        breakers.resetAll();
    }

    @Test
    void loop_executionCancelledLongAgo_settlesThePaymentOnItsOwn() {
        FakeEngine engine = FakeEngine.get();
        engine.reset();
        breakers.resetAll();
        String id = authed().contentType("application/json").header("Idempotency-Key", id("k"))
                .body(payment(id("c"))).when().post("/v1/payments")
                .then().statusCode(202).body("status", equalTo("PROCESSING")).extract().path("paymentId");
        UUID paymentId = UUID.fromString(id);
        engine.end(engine.createdFor(id).getFirst().executionName(), "CANCELLED", null);

        // As if it had been PROCESSING for longer than the age.
        TestDatabase.rows("UPDATE payment SET next_reconcile_at = now() - interval '1 minute' WHERE id = ?",
                paymentId);

        // The loop starts payment-abort to run the saga's compensations, which then ends as the real one would.
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.abortsFor(id).size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> paymentRow(paymentId).get("abort_execution_name") != null);
        engine.end(engine.abortsFor(id).getFirst().executionName(), "SUCCEEDED", """
                {"paymentId":"%s","status":"FAILED","reason":"saga_cancelled"}""".formatted(id));
        TestDatabase.rows("UPDATE payment SET next_reconcile_at = now() - interval '1 minute' WHERE id = ?",
                paymentId);

        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(paymentRow(paymentId).get("state")));
        assertEquals("saga_cancelled", paymentRow(paymentId).get("failure_reason"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM baton_platform.outbox_event WHERE aggregate_id = ?"
                + " AND type = ?", id, EventTypes.PAYMENT_FAILED));
    }
}
