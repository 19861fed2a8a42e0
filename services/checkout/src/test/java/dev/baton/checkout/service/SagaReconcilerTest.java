package dev.baton.checkout.service;

import static dev.baton.checkout.Api.authed;
import static dev.baton.checkout.Api.id;
import static dev.baton.checkout.Api.payment;
import static dev.baton.checkout.Api.paymentRow;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.checkout.FakeEngine;
import dev.baton.checkout.LoopsOff;
import dev.baton.checkout.Payment;
import dev.baton.checkout.repository.PaymentRepository;
import dev.baton.checkout.service.SagaReconciler.Look;
import dev.baton.contracts.EventSchemas;
import dev.baton.contracts.EventTypes;
import dev.baton.platform.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation of payments whose saga ended without reporting: what each way an execution can end makes of the
 * payment (row, outbox event validated against its schema, command log), what is left alone (young payments, running
 * executions, an engine that is down, an unreadable result), and the race with the saga's own {@code :complete}
 * in both orders, sequential and concurrent. The loop is off (profile {@link LoopsOff}): each test drives
 * {@link SagaReconciler#round} with its own "now", derived from the payment's stored {@code next_reconcile_at} (set
 * to entering PROCESSING + {@code reconcile.age}, an hour in %test), so nothing waits for real time to pass. The
 * engine is {@link FakeEngine}, a stand-in speaking the Executions API; the real engine is exercised by the lead's
 * system test.
 */
@QuarkusTest
@TestProfile(LoopsOff.class)
class SagaReconcilerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    SagaReconciler reconciler;

    @Inject
    PaymentRepository payments;

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
        given().delete("/v1/faults").then().statusCode(204);
    }

    /** A PROCESSING payment created through the API. */
    private record Running(UUID id, String customer, String execution) {
        String key(String step) {
            return id + ":" + step;
        }
    }

    private Running running() {
        String customer = id("c");
        String paymentId = authed().contentType("application/json").header("Idempotency-Key", id("k"))
                .body(payment(customer)).when().post("/v1/payments")
                .then().statusCode(202).body("status", equalTo("PROCESSING")).extract().path("paymentId");
        return new Running(UUID.fromString(paymentId), customer,
                engine.createdFor(paymentId).getFirst().executionName());
    }

    /**
     * Ends the saga's execution in {@code state} (CANCELLED or FAILED: it ran no compensations), lets one look start
     * payment-abort, and ends that as the real workflow does once every compensation ran. The next look settles.
     */
    private void endedAndCompensated(Running p, String state) {
        engine.end(p.execution(), state, null);
        assertEquals(Look.COMPENSATING, look(p, dueAt(p)));
        String reason = state.equals("CANCELLED") ? "saga_cancelled" : "saga_failed";
        engine.end(engine.abortsFor(p.id().toString()).getFirst().executionName(), "SUCCEEDED", """
                {"paymentId":"%s","status":"FAILED","reason":"%s"}""".formatted(p.id(), reason));
    }

    /** When the payment's next look is due, as stored. */
    private OffsetDateTime dueAt(Running p) {
        return stored(p).nextReconcileAt().withOffsetSameInstant(ZoneOffset.UTC);
    }

    private Payment stored(Running p) {
        return payments.find(p.id()).await().atMost(WAIT).orElseThrow();
    }

    /** A timestamp column of the payment's row (JDBC gives java.sql.Timestamp). */
    private static Instant column(Running p, String name) {
        Object value = paymentRow(p.id()).get(name);
        return value == null ? null : ((Timestamp) value).toInstant();
    }

    /**
     * Runs rounds at {@code now} until one has looked at {@code p} (other tests' payments may be due at the same
     * time and fill a batch first).
     */
    private void roundsUntilLookedAt(Running p, OffsetDateTime now) {
        int before = engine.readsOf(p.execution());
        await().atMost(WAIT).until(() -> {
            reconciler.round(now).await().atMost(WAIT);
            return engine.readsOf(p.execution()) > before;
        });
    }

    /** One look at {@code p} as claimed at {@code now} (a claim through a round would do the same). */
    private Look look(Running p, OffsetDateTime now) {
        Payment claimed = stored(p);
        return reconciler.look(claimed, now).await().atMost(WAIT);
    }

    private static List<Map<String, Object>> events(UUID paymentId) {
        return TestDatabase.rows("SELECT event_id, type, subject, data FROM baton_platform.outbox_event"
                + " WHERE aggregate_id = ? ORDER BY id", paymentId.toString());
    }

    /** The command log under the payment's keys, as "key kind forwardKey". */
    private static Set<String> commandLog(UUID paymentId) {
        List<Map<String, Object>> entries = given().queryParam("keyPrefix", paymentId + ":").get("/v1/commands")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return entries.stream().map(e -> e.get("key") + " " + e.get("kind") + " " + e.get("forwardKey"))
                .collect(Collectors.toSet());
    }

    private static Response complete(Running p, String key, String body) {
        return given().urlEncodingEnabled(false).contentType("application/json").header("Idempotency-Key", key)
                .body(body).when().post("/v1/payments/" + p.id() + ":complete");
    }

    private static String succeeded(Running p, String orderId) {
        return """
                {"paymentId":"%s","customerId":"%s","status":"SUCCEEDED","orderId":"%s"}"""
                .formatted(p.id(), p.customer(), orderId);
    }

    private static JsonNode data(Map<String, Object> event) throws Exception {
        return JSON.readTree((byte[]) event.get("data"));
    }

    @Test
    void round_executionCancelled_failsThePaymentAsSagaCancelledWithOnePaymentFailedEvent() throws Exception {
        Running p = running();
        endedAndCompensated(p, "CANCELLED");
        OffsetDateTime now = dueAt(p);

        roundsUntilLookedAt(p, now);

        var row = paymentRow(p.id());
        assertEquals("FAILED", row.get("state"));
        assertEquals("saga_cancelled", row.get("failure_reason"));
        assertEquals("the payment was cancelled before it could be completed", row.get("failure_message"));
        assertNull(row.get("failed_step"));
        assertNull(row.get("steps_done"));
        assertNull(row.get("next_reconcile_at"));
        assertEquals(now.toInstant(), column(p, "completed_at"));

        var events = events(p.id());
        assertEquals(1, events.size());
        assertEquals(EventTypes.PAYMENT_FAILED, events.getFirst().get("type"));
        assertEquals(p.key("reconcile"), events.getFirst().get("event_id"));
        EventSchemas.requireValid(EventTypes.PAYMENT_FAILED, (byte[]) events.getFirst().get("data"));
        assertEquals(JSON.readTree("""
                {"paymentId":"%s","customerId":"%s","customerEmail":"%s@example.com","amountMinor":2500,
                 "currency":"EUR","reason":"saga_cancelled",
                 "message":"the payment was cancelled before it could be completed"}"""
                .formatted(p.id(), p.customer(), p.customer())), data(events.getFirst()));

        assertEquals(Set.of(p.key("reconcile") + " APPLIED " + p.key("record_outcome"),
                p.key("record_outcome") + " COMPENSATED null"), commandLog(p.id()));
        authed().get("/v1/payments/{id}", p.id()).then().statusCode(200).body("status", equalTo("FAILED"))
                .body("failureReason", equalTo("saga_cancelled")).body("executionName", equalTo(p.execution()))
                .body("progress.stepsDone", equalTo(null));
    }

    @Test
    void complete_afterReconciliationUnderTheSagasKey_answers409CompensatedAndChangesNothing() {
        Running p = running();
        endedAndCompensated(p, "CANCELLED");
        assertEquals(Look.SETTLED, look(p, dueAt(p)));

        complete(p, p.key("record_outcome"), succeeded(p, "order-late")).then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("urn:baton:problem:compensated"))
                .body("detail", equalTo("The command with Idempotency-Key '" + p.key("record_outcome")
                        + "' was compensated (checkout.reconcile:" + p.id() + ") before it applied; it will not"
                        + " apply"));

        var row = paymentRow(p.id());
        assertEquals("FAILED", row.get("state"));
        assertNull(row.get("order_id"));
        assertEquals(1, events(p.id()).size());
    }

    @Test
    void complete_afterReconciliationUnderAnotherKey_answers409IllegalTransitionAndChangesNothing() {
        Running p = running();
        endedAndCompensated(p, "FAILED");
        assertEquals(Look.SETTLED, look(p, dueAt(p)));

        complete(p, id("k"), succeeded(p, "order-late")).then().statusCode(409)
                .body("type", equalTo("urn:baton:problem:illegal-transition"))
                .body("detail", equalTo("Payment " + p.id() + " is FAILED already; it cannot become SUCCEEDED"));
        assertEquals("saga_failed", paymentRow(p.id()).get("failure_reason"));
        assertEquals(1, events(p.id()).size());
    }

    @Test
    void round_executionFailed_failsThePaymentAsSagaFailed() throws Exception {
        Running p = running();
        endedAndCompensated(p, "FAILED");

        roundsUntilLookedAt(p, dueAt(p));

        var row = paymentRow(p.id());
        assertEquals("FAILED", row.get("state"));
        assertEquals("saga_failed", row.get("failure_reason"));
        assertEquals("the payment could not be completed", row.get("failure_message"));
        var event = events(p.id()).getFirst();
        EventSchemas.requireValid(EventTypes.PAYMENT_FAILED, (byte[]) event.get("data"));
        assertEquals("saga_failed", data(event).path("reason").asText());
    }

    @Test
    void look_sagaCancelled_startsPaymentAbortOnceWithTheSagasArgumentAndWaitsForIt() throws Exception {
        Running p = running();
        engine.end(p.execution(), "CANCELLED", null);
        OffsetDateTime due = dueAt(p);

        assertEquals(Look.COMPENSATING, look(p, due));

        var aborts = engine.abortsFor(p.id().toString());
        assertEquals(1, aborts.size());
        var abort = aborts.getFirst();
        assertEquals("projects/baton/locations/local/workflows/payment-abort", abort.workflowPath());
        assertEquals(engine.createdFor(p.id().toString()).getFirst().argument(), abort.argument().path("payment"),
                "the saga's own argument, so its compensation bodies come out the same");
        assertEquals("saga_cancelled", abort.argument().path("reason").asText());
        var row = paymentRow(p.id());
        assertEquals("PROCESSING", row.get("state"));
        assertEquals(abort.executionName(), row.get("abort_execution_name"));
        assertEquals(due.plusMinutes(1).toInstant(), column(p, "next_reconcile_at"));
        authed().get("/v1/payments/{id}", p.id()).then().statusCode(200).body("status", equalTo("PROCESSING"))
                .body("abortExecutionName", equalTo(abort.executionName()));

        // While payment-abort runs, each look reads it and starts nothing more.
        assertEquals(Look.COMPENSATING, look(p, due.plusMinutes(1)));
        assertEquals(1, engine.abortsFor(p.id().toString()).size());
        assertEquals(1, engine.readsOf(abort.executionName()));
        assertEquals("PROCESSING", paymentRow(p.id()).get("state"));
        assertEquals(0, events(p.id()).size());
        assertEquals(Set.of(), commandLog(p.id()));
    }

    @Test
    void look_abortFoundTheOrderConfirmed_succeedsThePaymentWithThatOrder() {
        Running p = running();
        engine.end(p.execution(), "CANCELLED", null);
        assertEquals(Look.COMPENSATING, look(p, dueAt(p)));
        engine.end(engine.abortsFor(p.id().toString()).getFirst().executionName(), "SUCCEEDED", """
                {"paymentId":"%s","status":"SUCCEEDED","orderId":"order-kept"}""".formatted(p.id()));

        assertEquals(Look.SETTLED, look(p, dueAt(p)));

        var row = paymentRow(p.id());
        assertEquals("SUCCEEDED", row.get("state"));
        assertEquals("order-kept", row.get("order_id"));
        assertEquals(EventTypes.PAYMENT_SUCCEEDED, events(p.id()).getFirst().get("type"));
    }

    @Test
    void look_abortExecutionFailed_failsThePaymentWithTheSagasReason() {
        Running p = running();
        engine.end(p.execution(), "FAILED", null);
        assertEquals(Look.COMPENSATING, look(p, dueAt(p)));
        engine.end(engine.abortsFor(p.id().toString()).getFirst().executionName(), "FAILED", null);

        assertEquals(Look.SETTLED, look(p, dueAt(p)));

        var row = paymentRow(p.id());
        assertEquals("FAILED", row.get("state"));
        assertEquals("saga_failed", row.get("failure_reason"));
        assertEquals("the payment could not be completed", row.get("failure_message"));
        assertEquals(1, events(p.id()).size());
    }

    @Test
    void round_executionSucceededWithItsSucceededResult_succeedsThePaymentWithTheOrder() throws Exception {
        Running p = running();
        engine.end(p.execution(), "SUCCEEDED", """
                {"paymentId":"%s","status":"SUCCEEDED","orderId":"order-r1"}""".formatted(p.id()));

        roundsUntilLookedAt(p, dueAt(p));

        var row = paymentRow(p.id());
        assertEquals("SUCCEEDED", row.get("state"));
        assertEquals("order-r1", row.get("order_id"));
        assertEquals(7, row.get("steps_done"));
        var events = events(p.id());
        assertEquals(1, events.size());
        assertEquals(EventTypes.PAYMENT_SUCCEEDED, events.getFirst().get("type"));
        assertEquals(p.key("reconcile"), events.getFirst().get("event_id"));
        EventSchemas.requireValid(EventTypes.PAYMENT_SUCCEEDED, (byte[]) events.getFirst().get("data"));
        assertEquals(JSON.readTree("""
                {"paymentId":"%s","orderId":"order-r1","customerId":"%s","amountMinor":2500,"currency":"EUR"}"""
                .formatted(p.id(), p.customer())), data(events.getFirst()));
    }

    @Test
    void round_executionSucceededWithAFailedResult_failsWithTheResultsReasonAndStep() throws Exception {
        Running p = running();
        engine.end(p.execution(), "SUCCEEDED", """
                {"paymentId":"%s","status":"FAILED","reason":"card_declined","failedStep":"authorize"}"""
                .formatted(p.id()));

        roundsUntilLookedAt(p, dueAt(p));

        var row = paymentRow(p.id());
        assertEquals("FAILED", row.get("state"));
        assertEquals("card_declined", row.get("failure_reason"));
        assertEquals("authorize", row.get("failed_step"));
        assertEquals(1, row.get("steps_done"));
        assertNull(row.get("failure_message"));
        var event = events(p.id()).getFirst();
        EventSchemas.requireValid(EventTypes.PAYMENT_FAILED, (byte[]) event.get("data"));
        assertEquals(JSON.readTree("""
                {"paymentId":"%s","customerId":"%s","customerEmail":"%s@example.com","amountMinor":2500,
                 "currency":"EUR","reason":"card_declined"}""".formatted(p.id(), p.customer(), p.customer())),
                data(event));
    }

    @Test
    void round_paymentYoungerThanTheAge_isNotRead_andARunningExecutionIsLookedAtAgainAfterTheRecheckInterval() {
        Running p = running();
        OffsetDateTime due = dueAt(p);
        assertEquals(Duration.ofHours(1), Duration.between(stored(p).updatedAt(), due),
                "%test.baton.checkout.reconcile.age after entering PROCESSING");

        reconciler.round(due.minusSeconds(1)).await().atMost(WAIT);
        assertEquals(0, engine.readsOf(p.execution()), "younger than the age: not read");

        roundsUntilLookedAt(p, due);
        var row = paymentRow(p.id());
        assertEquals("PROCESSING", row.get("state"));
        assertEquals(due.plusMinutes(1).toInstant(), column(p, "next_reconcile_at"),
                "still ACTIVE: next look after reconcile.recheck-interval (1m)");
        assertEquals(0, events(p.id()).size());
    }

    @Test
    void round_engineDown_neverFailsThePaymentAndSettlesItOnceTheEngineAnswers() {
        Running p = running();
        OffsetDateTime due = dueAt(p);
        engine.stop();

        assertEquals(Look.ENGINE_UNAVAILABLE, look(p, due));
        var row = paymentRow(p.id());
        assertEquals("PROCESSING", row.get("state"));
        assertEquals(due.plusMinutes(1).toInstant(), column(p, "next_reconcile_at"));

        engine.start();
        engine.reads(503);
        assertEquals(Look.ENGINE_UNAVAILABLE, look(p, due.plusMinutes(1)));
        assertEquals("PROCESSING", paymentRow(p.id()).get("state"));

        engine.reads(200);
        breakers.resetAll();
        endedAndCompensated(p, "CANCELLED");
        roundsUntilLookedAt(p, dueAt(p));
        assertEquals("saga_cancelled", paymentRow(p.id()).get("failure_reason"));
    }

    @Test
    void round_executionUnknownToTheEngine_isLookedAtAgainLater() {
        Running p = running();
        // The fake engine answers 404 for a name it never created, as a real engine would after losing it.
        TestDatabase.rows("UPDATE payment SET execution_name = execution_name || '-gone' WHERE id = ?", p.id());
        OffsetDateTime due = dueAt(p);

        assertEquals(Look.ENGINE_UNAVAILABLE, look(p, due));
        assertEquals("PROCESSING", paymentRow(p.id()).get("state"));
        assertEquals(due.plusMinutes(1).toInstant(),
                column(p, "next_reconcile_at"));
    }

    @Test
    void look_succeededWithAResultThatIsNoOutcome_leavesThePaymentProcessingForAnOperator() {
        Running p = running();
        engine.end(p.execution(), "SUCCEEDED", """
                {"paymentId":"%s","status":"SUCCEEDED"}""".formatted(p.id()));
        OffsetDateTime due = dueAt(p);

        assertEquals(Look.UNREADABLE, look(p, due));
        var row = paymentRow(p.id());
        assertEquals("PROCESSING", row.get("state"));
        assertEquals(due.plusMinutes(1).toInstant(), column(p, "next_reconcile_at"));
        assertEquals(0, events(p.id()).size());
        assertEquals(Set.of(), commandLog(p.id()));
    }

    @Test
    void round_recordingFails_leavesThePaymentForTheLookAfterTheLease() {
        Running p = running();
        endedAndCompensated(p, "CANCELLED");
        given().contentType("application/json").body("""
                {"operation":"checkout.reconcile","customerId":"%s","status":500,"when":"BEFORE","times":1}"""
                .formatted(p.customer())).when().post("/v1/faults").then().statusCode(201);
        OffsetDateTime due = dueAt(p);

        roundsUntilLookedAt(p, due);
        var row = paymentRow(p.id());
        assertEquals("PROCESSING", row.get("state"));
        assertEquals(due.plusSeconds(30).toInstant(), column(p, "next_reconcile_at"),
                "held for reconcile.lease (30s) by the claim");
        assertEquals(0, events(p.id()).size());

        reconciler.round(due.plusSeconds(29)).await().atMost(WAIT);
        assertEquals("PROCESSING", paymentRow(p.id()).get("state"), "not due again before the lease ends");
        roundsUntilLookedAt(p, due.plusSeconds(30));
        assertEquals("saga_cancelled", paymentRow(p.id()).get("failure_reason"));
        assertEquals(1, events(p.id()).size());
    }

    @Test
    void look_completeLandedAfterTheClaim_findsThePaymentSettledAndWritesNothing() throws Exception {
        Running p = running();
        endedAndCompensated(p, "CANCELLED");
        Payment claimed = stored(p);
        // The saga's report lands between the claim and the look's transaction.
        complete(p, p.key("record_outcome"), succeeded(p, "order-first")).then().statusCode(200);

        assertEquals(Look.SETTLED_ALREADY, reconciler.look(claimed, claimed.nextReconcileAt()).await().atMost(WAIT));

        var row = paymentRow(p.id());
        assertEquals("SUCCEEDED", row.get("state"));
        assertEquals("order-first", row.get("order_id"));
        var events = events(p.id());
        assertEquals(1, events.size());
        assertEquals(p.key("record_outcome"), events.getFirst().get("event_id"));
        assertEquals(Set.of(p.key("record_outcome") + " APPLIED null",
                p.key("reconcile") + " APPLIED " + p.key("record_outcome")), commandLog(p.id()));
    }

    @Test
    void race_reconcilerFirstCompleteWaiting_reconcilerWinsAndCompleteAnswers409() throws Exception {
        Running p = running();
        endedAndCompensated(p, "CANCELLED");
        OffsetDateTime due = dueAt(p);

        try (Connection lock = holdPaymentRow(p); var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // The look claims both keys, then waits on the payment row; :complete then waits on the saga's key.
            var look = CompletableFuture.supplyAsync(() -> look(p, due), threads);
            awaitLockWaiters(1);
            var late = CompletableFuture.supplyAsync(
                    () -> complete(p, p.key("record_outcome"), succeeded(p, "order-late")), threads);
            awaitLockWaiters(2);
            lock.rollback();

            assertEquals(Look.SETTLED, look.get(10, TimeUnit.SECONDS));
            late.get(10, TimeUnit.SECONDS).then().statusCode(409)
                    .body("type", equalTo("urn:baton:problem:compensated"));
        }
        var row = paymentRow(p.id());
        assertEquals("FAILED", row.get("state"));
        assertEquals("saga_cancelled", row.get("failure_reason"));
        assertEquals(1, events(p.id()).size());
    }

    @Test
    void race_completeFirstReconcilerWaiting_completeWinsAndTheReconcilerWritesNothing() throws Exception {
        Running p = running();
        endedAndCompensated(p, "CANCELLED");
        OffsetDateTime due = dueAt(p);

        try (Connection lock = holdPaymentRow(p); var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // :complete claims the saga's key, then waits on the payment row; the look then waits on that key.
            var first = CompletableFuture.supplyAsync(
                    () -> complete(p, p.key("record_outcome"), succeeded(p, "order-first")), threads);
            awaitLockWaiters(1);
            var look = CompletableFuture.supplyAsync(() -> look(p, due), threads);
            awaitLockWaiters(2);
            lock.rollback();

            first.get(10, TimeUnit.SECONDS).then().statusCode(200).body("status", equalTo("SUCCEEDED"));
            assertEquals(Look.SETTLED_ALREADY, look.get(10, TimeUnit.SECONDS));
        }
        var row = paymentRow(p.id());
        assertEquals("SUCCEEDED", row.get("state"));
        assertEquals("order-first", row.get("order_id"));
        var events = events(p.id());
        assertEquals(1, events.size());
        assertEquals(p.key("record_outcome"), events.getFirst().get("event_id"));
    }

    /** A transaction holding the payment's row lock until it is rolled back (or closed). */
    private static Connection holdPaymentRow(Running p) throws Exception {
        Connection c = TestDatabase.connect();
        c.setAutoCommit(false);
        try (var s = c.prepareStatement("SELECT id FROM payment WHERE id = ? FOR UPDATE")) {
            s.setObject(1, p.id());
            s.executeQuery().close();
        }
        return c;
    }

    /** Waits until {@code n} sessions of this database wait for a lock (the racing transactions got that far). */
    private static void awaitLockWaiters(long n) {
        await().atMost(WAIT).until(() -> TestDatabase.count("SELECT count(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND wait_event_type = 'Lock'") >= n);
    }
}
