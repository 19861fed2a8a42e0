package dev.baton.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The payment saga end to end, on the whole system started through the local launcher (the same code as the
 * README's run command) from the packaged deployables, with fresh databases and fault injection allowed. Each
 * scenario uses its own customer, so scenarios never see each other's payments. After every scenario the system
 * must be consistent: money captured (net of refunds) if and only if the order is confirmed, at most one capture and
 * one refund, the payment's journal entries net to the captured amount, the ledger balanced as a whole, and the
 * execution terminal. The last test checks the choreographed side effects (mail, analytics, loyalty) against every
 * payment the scenarios made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SagaSystemIT {

    /** A payment as the test asked for it, and what the system answered in the end. */
    record Made(String paymentId, String customerId, String email, long amountMinor, String currency, String token,
            String status, String reason, String orderId) {
    }

    static final Path ROOT = LauncherTest.ROOT;
    static final Duration TERMINAL = Duration.ofSeconds(120);

    private RunningSystem system;
    private SystemApi api;
    private final Map<String, Made> made = new ConcurrentHashMap<>();

    @BeforeAll
    void start() throws Exception {
        var options = LaunchOptions.defaults(ROOT, System.getenv())
                .withPorts(21000, "_saga")
                .withRunDir(ROOT.resolve("deploy/local/target/saga-run"))
                .forSystemTests(Map.of(
                        // Just past the task queue's 15 s minimum dispatch deadline: the slow card's first attempt
                        // times out and the retry overtakes it, without making the test wait 20 s.
                        "BATON_GATEWAY_SIMULATION_SLOW_DELAY", "16s",
                        // Every scenario pays with the shared test token tok_visa; real tokens are one card each.
                        "BATON_FRAUD_VELOCITY_TOKEN_MAX_COUNT", "100000",
                        "BATON_FRAUD_VELOCITY_TOKEN_MAX_AMOUNT_EUR", "1000000000",
                        // Checkout settles a saga that ended without reporting after this long (default 2 min).
                        "BATON_CHECKOUT_RECONCILE_AGE", "5s",
                        "BATON_CHECKOUT_RECONCILE_POLL_INTERVAL", "1s",
                        "BATON_CHECKOUT_RECONCILE_RECHECK_INTERVAL", "2s"))
                .withoutBuild();
        system = LocalSystem.start(options, System.out);
        api = new SystemApi(system);
    }

    @AfterAll
    void stop() {
        if (system != null) {
            system.close();
        }
    }

    // ---- scenarios ----------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void happyPath_visaCard_succeedsWithConfirmedOrderCapturedMoneyAndBalancedBooks() {
        Made p = payAndWait(customer("happy"), 4200, "tok_visa");

        assertEquals("SUCCEEDED", p.status(), p.toString());
        assertConsistent(p);
        assertEquals("CONFIRMED", order(p).path("state").asText());
        assertEquals(4200, gateway(p).path("capturedMinor").asLong());
        assertEquals(List.of(), compensations(p), "no compensation on the happy path");
    }

    @Test
    @Order(2)
    void fraudReject_amountAboveRejectThreshold_failsBeforeAnyMoneyMoves() {
        Made p = payAndWait(customer("fraud"), 900_000, "tok_visa");

        assertEquals("FAILED", p.status());
        assertEquals("fraud_rejected", p.reason());
        assertConsistent(p);
        assertEquals(0, gateway(p).path("authorizedMinor").asLong());
        assertTrue(orders(p).isEmpty(), "no order");
    }

    @Test
    @Order(3)
    void cardDeclined_insufficientFunds_failsAndCreatesNoOrder() {
        Made p = payAndWait(customer("declined"), 1500, "tok_insufficient_funds");

        assertEquals("FAILED", p.status());
        assertEquals("card_declined", p.reason());
        assertConsistent(p);
        assertTrue(orders(p).isEmpty(), "no order");
        assertEquals(List.of("void_authorization"), compensations(p));
    }

    @Test
    @Order(4)
    void gatewaySlow_firstAttemptPastDeadline_succeedsOnRetryWithOneAuthorization() {
        Made p = payAndWait(customer("slow"), 2500, "tok_slow");

        assertEquals("SUCCEEDED", p.status(), p.toString());
        assertConsistent(p);
        assertEquals(1, gateway(p).path("authorizations").size(), "one authorization despite two attempts");
    }

    /**
     * A failure injected at each later step: the step's command fails every attempt, the queue gives up, and the
     * compensations registered so far run in reverse order, each carrying the key of the forward step it undoes.
     * That includes the failed step's own compensation, registered before it ran: a failed step may still have
     * happened, so it is undone too (here it never applied, and the compensation leaves a tombstone).
     */
    @ParameterizedTest(name = "{0} fails")
    @Order(5)
    @CsvSource({
            "create_order, order,           order.create,    cancel_order void_authorization",
            "post_ledger,  ledger,          ledger.post,     reverse_ledger cancel_order void_authorization",
            "capture,      payment-gateway, gateway.capture, refund reverse_ledger cancel_order void_authorization",
            "confirm_order, order,          order.confirm,   refund reverse_ledger cancel_order void_authorization"})
    void failureAtStep_faultInjected_compensatesInReverseWithForwardKeys(String step, String service,
            String operation, String expected) {
        String customer = customer("fail-" + step);
        api.fault(service, operation, customer, "BEFORE");

        Made p = payAndWait(customer, 3100, "tok_visa");

        assertEquals("FAILED", p.status());
        assertEquals(step + "_failed", p.reason());
        assertConsistent(p);
        assertEquals(List.of(expected.split(" ")), compensations(p));
        assertForwardKeys(p);
        // The failed step never applied: where it had a compensation, that left a tombstone under the step's own
        // key; the last step (confirm_order) has none, so nothing at all is recorded under its key.
        var underStepKey = api.commands(service, p.paymentId()).stream()
                .filter(e -> e.path("key").asText().equals(p.paymentId() + ":" + step))
                .map(e -> e.path("kind").asText()).toList();
        assertEquals(step.equals("confirm_order") ? List.of() : List.of("COMPENSATED"), underStepKey);
    }

    /**
     * The case compensations are registered in advance for: the journal entry commits, but the ledger's answer is
     * lost (every attempt answers 500 after committing), so the saga cannot know it happened and compensates anyway:
     * the reversal finds the entry by the forward key and the books end at zero for the payment.
     */
    @Test
    @Order(6)
    void lostAnswer_ledgerPostCommittedButFailed_reversalUndoesIt() {
        String customer = customer("lost");
        api.fault("ledger", "ledger.post", customer, "AFTER");

        Made p = payAndWait(customer, 2750, "tok_visa");

        assertEquals("FAILED", p.status());
        assertEquals("post_ledger_failed", p.reason());
        assertConsistent(p);
        var entries = journal(p);
        assertEquals(List.of("SALE", "REVERSAL"), entries.stream().map(e -> e.path("kind").asText()).toList());
    }

    @Test
    @Order(7)
    void duplicateRequest_sameKeyAndBody_replaysTheSamePayment() {
        String customer = customer("dup");
        String key = "dup-" + UUID.randomUUID();
        Map<String, Object> body = paymentBody(customer, 1800, "tok_visa");

        var first = api.post("checkout", "/v1/payments", body, Map.of("Idempotency-Key", key));
        var second = api.post("checkout", "/v1/payments", body, Map.of("Idempotency-Key", key));
        var other = api.post("checkout", "/v1/payments", paymentBody(customer, 1900, "tok_visa"),
                Map.of("Idempotency-Key", key));

        assertEquals(202, first.status(), first.json().toString());
        assertEquals(202, second.status());
        assertEquals(first.json().path("paymentId").asText(), second.json().path("paymentId").asText());
        assertEquals("true", second.header("Idempotent-Replayed"));
        assertEquals(422, other.status(), other.json().toString());
        Made p = await(customer, first.json().path("paymentId").asText(), 1800, "tok_visa");
        assertEquals("SUCCEEDED", p.status());
        assertConsistent(p);
        assertEquals(1, payments(customer).size(), "one payment for the key");
    }

    @Test
    @Order(8)
    void concurrentDuplicates_sameKey_onePaymentAndConflictsForTheOthers() throws Exception {
        String customer = customer("race");
        String key = "race-" + UUID.randomUUID();
        Map<String, Object> body = paymentBody(customer, 2200, "tok_visa");
        int callers = 6;
        var gate = new CountDownLatch(1);
        List<Future<SystemApi.Answer>> answers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    gate.await();
                    return api.post("checkout", "/v1/payments", body, Map.of("Idempotency-Key", key));
                }));
            }
            gate.countDown();
        }
        List<Integer> statuses = new ArrayList<>();
        String paymentId = null;
        for (var f : answers) {
            var a = f.get();
            statuses.add(a.status());
            if (a.status() == 202) {
                String id = a.json().path("paymentId").asText();
                assertTrue(paymentId == null || paymentId.equals(id), "every 202 names the same payment");
                paymentId = id;
            }
        }
        assertTrue(statuses.stream().allMatch(s -> s == 202 || s == 409), statuses.toString());
        assertTrue(statuses.contains(202), statuses.toString());
        Made p = await(customer, paymentId, 2200, "tok_visa");
        assertEquals("SUCCEEDED", p.status());
        assertConsistent(p);
        assertEquals(1, payments(customer).size(), "one payment despite " + callers + " concurrent requests");
    }

    /**
     * An operator cancels a saga while its authorization is slow: the execution ends CANCELLED at its next step
     * boundary without reporting or compensating. Checkout's reconciliation starts payment-abort, which runs the
     * compensations (the authorization, whether it landed before or after, ends voided or refused by the void's
     * tombstone), and settles the payment as FAILED (saga_cancelled); no order exists and no money was captured.
     */
    @Test
    @Order(9)
    void cancelledSaga_operatorCancelsDuringSlowAuthorize_paymentSettledAsSagaCancelled() {
        Made pending = submit(customer("cancel"), 1200, "tok_slow");
        api.poll("checkout", "/v1/payments/" + pending.paymentId(),
                a -> a.json().path("progress").path("currentStep").asText().equals("authorize"), TERMINAL);

        String execution = cancelSaga(pending);

        Made p = await(pending);
        assertEquals("FAILED", p.status());
        assertEquals("saga_cancelled", p.reason());
        assertEquals("CANCELLED", api.get("workflow-engine", "/v1/" + execution).json().path("state").asText());
        assertTrue(orders(p).isEmpty(), "no order");
        assertEquals(0, gateway(p).path("capturedMinor").asLong());
        for (JsonNode authorization : gateway(p).path("authorizations")) {
            assertEquals("VOIDED", authorization.path("status").asText(), "no hold left on the card: " + authorization);
        }
        assertEquals(List.of("cancel_order", "reverse_ledger", "void_authorization"), compensations(p),
                "payment-abort's compensations, the order first; no order, so no capture and no refund");
        assertAbortRanAndBooksAgree(p);
    }

    /**
     * An operator cancels a saga stuck in its compensations (the order service refuses every cancel): payment-abort
     * takes over with the same keys and bodies, so the refund and reversal the saga ran replay instead of running
     * twice, and once the order service recovers the order is cancelled and the authorization voided.
     */
    @Test
    @Order(10)
    void cancelledSaga_operatorCancelsWhileCompensationsAreStuck_abortFinishesThemWithoutDoublingAny() {
        String customer = customer("stuck");
        api.fault("order", "order.confirm", customer, "BEFORE");
        api.fault("order", "order.cancel", customer, "BEFORE");
        Made pending = submit(customer, 2600, "tok_visa");
        awaitTrue(() -> gateway(pending).path("refundCount").asLong() == 1, () -> "the saga's refund: "
                + gateway(pending));

        cancelSaga(pending);
        assertEquals(204, api.delete("order", "/v1/faults").status());

        Made p = await(pending);
        assertEquals("FAILED", p.status());
        assertEquals("saga_cancelled", p.reason());
        assertEquals("CANCELLED", order(p).path("state").asText());
        JsonNode g = gateway(p);
        assertEquals(1, g.path("captureCount").asLong());
        assertEquals(1, g.path("refundCount").asLong(), "refunded once: " + g);
        assertEquals(0, g.path("netCapturedMinor").asLong());
        assertEquals(List.of("cancel_order", "refund", "reverse_ledger", "void_authorization"),
                compensations(p).stream().sorted(java.util.Comparator.comparing(List.of("cancel_order", "refund",
                        "reverse_ledger", "void_authorization")::indexOf)).toList(), "each compensation once");
        assertAbortRanAndBooksAgree(p);
    }

    /**
     * An operator cancels a saga after it confirmed the order but before checkout heard of it (checkout refuses the
     * report): payment-abort finds the order confirmed, undoes nothing, and the payment SUCCEEDS with that order.
     */
    @Test
    @Order(11)
    void cancelledSaga_operatorCancelsAfterTheOrderIsConfirmed_paymentSucceedsAndNothingIsUndone() {
        String customer = customer("late-cancel");
        api.fault("checkout", "checkout.complete", customer, "BEFORE");
        Made pending = submit(customer, 2700, "tok_visa");
        awaitTrue(() -> orders(pending).stream().anyMatch(o -> o.path("state").asText().equals("CONFIRMED")),
                () -> "order confirmed: " + orders(pending));

        cancelSaga(pending);

        Made p = await(pending);
        assertEquals(204, api.delete("checkout", "/v1/faults").status());
        assertEquals("SUCCEEDED", p.status());
        assertEquals(order(p).path("orderId").asText(), p.orderId());
        assertEquals(2700, gateway(p).path("netCapturedMinor").asLong());
        assertEquals(List.of(), compensations(p), "nothing undone");
        assertAbortRanAndBooksAgree(p);
    }

    /** Submits a payment without waiting for it; status, reason and order are not known yet. */
    private Made submit(String customer, long amount, String token) {
        var created = api.post("checkout", "/v1/payments", paymentBody(customer, amount, token),
                Map.of("Idempotency-Key", "sys-" + UUID.randomUUID()));
        assertEquals(202, created.status(), created.json().toString());
        return new Made(created.json().path("paymentId").asText(), customer, customer + "@example.com", amount, "EUR",
                token, null, null, null);
    }

    /** Waits for a submitted payment to end. */
    private Made await(Made submitted) {
        return await(submitted.customerId(), submitted.paymentId(), submitted.amountMinor(), submitted.token());
    }

    /** Cancels the payment's saga execution as an operator would (engine {@code :cancel}); returns its name. */
    private String cancelSaga(Made p) {
        String execution = api.get("checkout", "/v1/payments/" + p.paymentId()).json().path("executionName").asText();
        var cancel = api.post("workflow-engine", "/v1/" + execution + ":cancel", "{}", Map.of());
        assertEquals(200, cancel.status(), cancel.json().toString());
        return execution;
    }

    /** payment-abort ran to its end for {@code p} (its own failures would be a broken abort), and the books agree. */
    private void assertAbortRanAndBooksAgree(Made p) {
        assertEquals("SUCCEEDED", abortExecution(p).path("state").asText());
        assertBooks(p);
    }

    /** The payment-abort execution checkout's reconciler started for {@code p}, as checkout names it. */
    private JsonNode abortExecution(Made p) {
        String name = api.get("checkout", "/v1/payments/" + p.paymentId()).json().path("abortExecutionName")
                .asText(null);
        assertNotNull(name, "payment-abort was started for " + p.paymentId());
        return api.get("workflow-engine", "/v1/" + name).json();
    }

    /**
     * Saga commands only come through the task queue: posted straight to a service with a bearer that is not the
     * queue's OIDC token (checkout's API key) or with a forged token, a command is refused with 401 and applies
     * nothing (every saga above carried a valid one).
     */
    @Test
    @Order(12)
    void commandAuth_commandPostedWithoutTheQueuesToken_answers401AndAppliesNothing() {
        String paymentId = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("paymentId", paymentId, "customerId", customer("direct"),
                "customerEmail", "direct@example.com", "amountMinor", 100, "currency", "EUR",
                "lineItems", List.of(Map.of("sku", "s", "description", "d", "quantity", 1, "unitAmountMinor", 100)));
        var apiKey = api.post("order", "/v1/orders", body, Map.of("Idempotency-Key", paymentId + ":create_order"));
        assertEquals(401, apiKey.status(), apiKey.json().toString());
        assertEquals("urn:baton:problem:unauthenticated", apiKey.json().path("type").asText());
        var forged = api.post("order", "/v1/orders", body, Map.of("Idempotency-Key", paymentId + ":create_order",
                "Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln"));
        assertEquals(401, forged.status(), forged.json().toString());
        assertTrue(api.commands("order", paymentId).isEmpty(), "nothing applied");
        assertEquals(0, api.get("order", "/v1/orders?paymentId=" + paymentId).json().size());
    }

    /**
     * Issue 6: the choreographed side effects agree exactly with the payments the scenarios made: one receipt per
     * confirmed order, one failure notice per failed payment, one refund notice per refund; analytics counts every
     * outcome and the revenue of the successful ones; loyalty holds one point per whole euro of confirmed orders.
     */
    @Test
    @Order(100)
    void sideEffects_afterEveryScenario_mailAnalyticsAndPointsAgreeWithPayments() {
        List<Made> all = List.copyOf(made.values());
        assertTrue(all.size() >= 10, "scenarios ran first: " + all.size());
        MailSink mail = system.mail().orElseThrow();

        for (Made p : all) {
            // Receipts and notices name the payment; count the mails to this customer.
            long expectedMails = p.status().equals("SUCCEEDED") ? 1 : 1 + refunds(p);
            awaitTrue(() -> mailsTo(mail, p.email()) == expectedMails,
                    () -> "mails to " + p.email() + " for " + p + ": " + mailsTo(mail, p.email()));
            long points = p.status().equals("SUCCEEDED") ? p.amountMinor() / 100 : 0;
            awaitTrue(() -> loyaltyBalance(p.customerId()) == points,
                    () -> "points of " + p.customerId() + ": " + loyaltyBalance(p.customerId()) + ", expected " + points);
        }
        long succeeded = all.stream().filter(p -> p.status().equals("SUCCEEDED")).count();
        long failed = all.size() - succeeded;
        long revenue = all.stream().filter(p -> p.status().equals("SUCCEEDED")).mapToLong(Made::amountMinor).sum();
        Map<String, Long> reasons = all.stream().filter(p -> p.status().equals("FAILED"))
                .collect(Collectors.groupingBy(Made::reason, Collectors.counting()));
        awaitTrue(() -> {
            var s = api.get("analytics", "/v1/analytics/summary").json();
            return s.path("payments").path("succeeded").asLong() == succeeded
                    && s.path("payments").path("failed").asLong() == failed;
        }, () -> "analytics summary " + api.get("analytics", "/v1/analytics/summary").json() + " expected "
                + succeeded + " succeeded, " + failed + " failed");
        var summary = api.get("analytics", "/v1/analytics/summary").json();
        Map<String, Long> seenReasons = new LinkedHashMap<>();
        summary.path("failureReasons").fields().forEachRemaining(e -> seenReasons.put(e.getKey(), e.getValue().asLong()));
        assertEquals(reasons, seenReasons);
        var revenueRows = api.get("analytics", "/v1/analytics/revenue?granularity=DAY&currency=EUR").json();
        long net = 0;
        for (JsonNode row : revenueRows) {
            net += row.path("netMinor").asLong();
        }
        assertEquals(revenue, net, "net revenue: compensation refunds do not reduce it");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static String customer(String scenario) {
        return "sys-" + scenario + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, Object> paymentBody(String customer, long amount, String token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amountMinor", amount);
        body.put("currency", "EUR");
        body.put("customerId", customer);
        body.put("customerEmail", customer + "@example.com");
        body.put("paymentMethodToken", token);
        body.put("lineItems", List.of(Map.of("sku", "SKU-1", "description", "Thing", "quantity", 1,
                "unitAmountMinor", amount)));
        body.put("billingCountry", "DE");
        body.put("ipCountry", "DE");
        return body;
    }

    private Made payAndWait(String customer, long amount, String token) {
        var answer = api.post("checkout", "/v1/payments", paymentBody(customer, amount, token),
                Map.of("Idempotency-Key", "sys-" + UUID.randomUUID()));
        assertEquals(202, answer.status(), () -> "checkout: " + answer.json());
        return await(customer, answer.json().path("paymentId").asText(), amount, token);
    }

    private Made await(String customer, String paymentId, long amount, String token) {
        var done = api.poll("checkout", "/v1/payments/" + paymentId, a -> a.status() == 200
                && (a.json().path("status").asText().equals("SUCCEEDED")
                        || a.json().path("status").asText().equals("FAILED")), TERMINAL).json();
        Made p = new Made(paymentId, customer, customer + "@example.com", amount, "EUR", token,
                done.path("status").asText(), done.path("failureReason").asText(null),
                done.path("orderId").asText(null));
        made.put(paymentId, p);
        return p;
    }

    private JsonNode gateway(Made p) {
        var answer = api.get("payment-gateway", "/v1/payments/" + p.paymentId());
        return answer.status() == 404 ? SystemApi.JSON.createObjectNode() : answer.json();
    }

    private List<JsonNode> orders(Made p) {
        List<JsonNode> list = new ArrayList<>();
        api.get("order", "/v1/orders?paymentId=" + SystemApi.enc(p.paymentId())).json().forEach(list::add);
        return list;
    }

    private JsonNode order(Made p) {
        var list = orders(p);
        assertEquals(1, list.size(), "one order for " + p.paymentId());
        return list.getFirst();
    }

    private List<JsonNode> journal(Made p) {
        List<JsonNode> list = new ArrayList<>();
        api.get("ledger", "/v1/journal-entries?paymentId=" + SystemApi.enc(p.paymentId())).json().forEach(list::add);
        return list;
    }

    private List<JsonNode> payments(String customer) {
        List<JsonNode> list = new ArrayList<>();
        var answer = api.get("checkout", "/v1/payments?customerId=" + SystemApi.enc(customer)).json();
        (answer.has("payments") ? answer.path("payments") : answer).forEach(list::add);
        return list;
    }

    private long refunds(Made p) {
        return gateway(p).path("refundCount").asLong();
    }

    /**
     * Money captured (net of refunds) iff the order is confirmed; at most one capture and one refund; the payment's
     * journal entries net to the captured amount; the whole ledger balanced; the execution terminal.
     */
    private void assertConsistent(Made p) {
        assertBooks(p);
        var payment = api.get("checkout", "/v1/payments/" + p.paymentId()).json();
        String execution = payment.path("executionName").asText(payment.path("links").path("execution").asText());
        String path = execution.startsWith("http") ? pathOf(execution) : "/v1/" + execution;
        var state = api.get("workflow-engine", path).json().path("state").asText();
        assertEquals("SUCCEEDED", state, "the saga's execution ended; a declined payment is a business outcome");
    }

    /**
     * Money, order, checkout and books agree for {@code p}: captured (net of refunds) if and only if the order is
     * confirmed and the payment SUCCEEDED, at most one capture and one refund, revenue booked only then, and a
     * balanced ledger.
     */
    private void assertBooks(Made p) {
        JsonNode g = gateway(p);
        long net = g.path("capturedMinor").asLong() - g.path("refundedMinor").asLong();
        boolean confirmed = orders(p).stream().anyMatch(o -> o.path("state").asText().equals("CONFIRMED"));
        assertEquals(confirmed, net > 0, () -> "captured " + net + " vs order confirmed " + confirmed + " for " + p);
        if (confirmed) {
            assertEquals(p.amountMinor(), net);
        }
        assertTrue(g.path("captureCount").asLong() <= 1, "no double capture: " + g);
        assertTrue(g.path("refundCount").asLong() <= 1, "no double refund: " + g);
        assertEquals(confirmed, p.status().equals("SUCCEEDED"), "checkout agrees with the order");

        long booked = 0;
        for (JsonNode entry : journal(p)) {
            for (JsonNode line : entry.path("lines")) {
                if (line.path("account").asText().equals("revenue:sales")) {
                    booked += line.path("side").asText().equals("CREDIT") ? line.path("amountMinor").asLong()
                            : -line.path("amountMinor").asLong();
                }
            }
        }
        assertEquals(confirmed ? p.amountMinor() : 0, booked, "revenue booked for " + p.paymentId());
        var invariants = api.get("ledger", "/v1/invariants").json();
        assertTrue(invariants.path("balanced").asBoolean(), "ledger balanced: " + invariants);
    }

    private static String pathOf(String url) {
        return java.net.URI.create(url).getRawPath();
    }

    /**
     * The compensations the saga ran for a payment, in the order they ran, read from each service's command log
     * (its own key is {@code <paymentId>:<compensation step>}; the transactions ran one after another).
     */
    private List<String> compensations(Made p) {
        List<JsonNode> all = new ArrayList<>();
        for (String service : List.of("payment-gateway", "order", "ledger")) {
            api.commands(service, p.paymentId()).stream()
                    .filter(e -> e.hasNonNull("forwardKey") && !e.path("forwardKey").asText().isEmpty())
                    .forEach(all::add);
        }
        return all.stream().sorted(Comparator.comparing(e -> java.time.OffsetDateTime.parse(e.path("createdAt").asText())))
                .map(e -> e.path("key").asText().substring(p.paymentId().length() + 1))
                .toList();
    }

    /** Each compensation carried the key of the forward step it undoes. */
    private void assertForwardKeys(Made p) {
        Map<String, String> forwardOf = Map.of("void_authorization", "authorize", "cancel_order", "create_order",
                "reverse_ledger", "post_ledger", "refund", "capture");
        for (String service : List.of("payment-gateway", "order", "ledger")) {
            for (JsonNode e : api.commands(service, p.paymentId())) {
                if (e.hasNonNull("forwardKey")) {
                    String step = e.path("key").asText().substring(p.paymentId().length() + 1);
                    assertEquals(p.paymentId() + ":" + forwardOf.get(step), e.path("forwardKey").asText(),
                            service + " " + e);
                }
            }
        }
    }

    private static long mailsTo(MailSink mail, String address) {
        return mail.received().stream().filter(m -> m.recipients().contains(address)).count();
    }

    private long loyaltyBalance(String customer) {
        var answer = api.get("loyalty", "/v1/loyalty/customers/" + SystemApi.enc(customer));
        return answer.status() == 404 ? 0 : answer.json().path("balance").asLong();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition,
            java.util.function.Supplier<String> message) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(message.get());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
