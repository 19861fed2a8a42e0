package dev.baton.checkout.rest;

import static dev.baton.checkout.Api.authed;
import static dev.baton.checkout.Api.id;
import static dev.baton.checkout.Api.payment;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.checkout.FakeEngine;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/payments/{id}} (progress from the engine while the saga runs, stored otherwise, never failing
 * because the engine is down) and {@code GET /v1/payments} (filters, keyset pages). {@link FakeEngine} plays the
 * engine; the real one is exercised by the lead's system test.
 */
@QuarkusTest
class QueryPaymentsTest {

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
    void engineBack() {
        engine.reset();
        breakers.resetAll();
    }

    /** [paymentId, executionName] of a new PROCESSING payment of {@code customer}. */
    private String[] create(String customer) {
        String paymentId = authed().contentType("application/json").header("Idempotency-Key", id("k"))
                .body(payment(customer)).when().post("/v1/payments")
                .then().statusCode(202).extract().path("paymentId");
        return new String[] {paymentId, engine.createdFor(paymentId).getFirst().executionName()};
    }

    @Test
    void get_sagaAtCapture_reportsFourStepsDoneFromTheEngine() {
        String customer = id("c");
        String[] p = create(customer);
        engine.progress(p[1], "ACTIVE", "capture");

        authed().get("/v1/payments/{id}", p[0]).then().statusCode(200)
                .body("paymentId", equalTo(p[0])).body("status", equalTo("PROCESSING"))
                .body("amountMinor", equalTo(2500)).body("currency", equalTo("EUR"))
                .body("customerId", equalTo(customer)).body("executionState", equalTo("ACTIVE"))
                .body("executionName", equalTo(p[1]))
                .body("links.execution", equalTo(CreatePaymentTest.engineUrl() + "/v1/" + p[1]))
                .body("progress.stepsDone", equalTo(4)).body("progress.stepsTotal", equalTo(7))
                .body("progress.currentStep", equalTo("capture"))
                .body("links.self", equalTo("/v1/payments/" + p[0]))
                .body("$", not(hasKey("orderId"))).body("$", not(hasKey("completedAt")));
    }

    @Test
    void get_compensatingAfterCaptureFailed_countsAsCaptureTheLastStepSeen() {
        String[] p = create(id("c"));
        engine.progress(p[1], "ACTIVE", "register_refund");
        authed().get("/v1/payments/{id}", p[0]).then().body("progress.currentStep", equalTo("capture"));
        engine.progress(p[1], "ACTIVE", "run_compensation");

        authed().get("/v1/payments/{id}", p[0]).then().statusCode(200)
                .body("progress.stepsDone", equalTo(4)).body("progress.currentStep", equalTo("capture"));
        engine.progress(p[1], "ACTIVE", "record_failure");
        authed().get("/v1/payments/{id}", p[0]).then().body("progress.currentStep", equalTo("capture"));
    }

    @Test
    void get_compensatingBeforeAnyStepWasSeen_reportsProgressUnknown() {
        String[] p = create(id("c"));
        engine.progress(p[1], "ACTIVE", "run_compensation");

        authed().get("/v1/payments/{id}", p[0]).then().statusCode(200)
                .body("progress.stepsDone", nullValue()).body("progress.currentStep", nullValue());
    }

    @Test
    void get_stepInsideASubworkflowFrame_countsAsTheInnermostSagaStep() {
        String[] p = create(id("c"));
        engine.progress(p[1], "ACTIVE", "saga", "post_ledger", "void_authorization");

        authed().get("/v1/payments/{id}", p[0]).then().statusCode(200)
                .body("progress.stepsDone", equalTo(3)).body("progress.currentStep", equalTo("post_ledger"));
    }

    @Test
    void get_stepThatIsNoSagaStep_reportsProgressUnknown() {
        String[] p = create(id("c"));
        engine.progress(p[1], "ACTIVE", "forward");

        authed().get("/v1/payments/{id}", p[0]).then().statusCode(200).body("executionState", equalTo("ACTIVE"))
                .body("progress.stepsDone", nullValue()).body("progress.currentStep", nullValue())
                .body("progress.stepsTotal", equalTo(7));
    }

    @Test
    void get_engineFailingOrDown_answersTheStoredPaymentWithProgressUnknown() {
        String[] p = create(id("c"));
        engine.reads(503);
        authed().get("/v1/payments/{id}", p[0]).then().statusCode(200).body("status", equalTo("PROCESSING"))
                .body("progress.stepsDone", nullValue()).body("$", not(hasKey("executionState")));

        engine.stop();
        authed().get("/v1/payments/{id}", p[0]).then().statusCode(200).body("status", equalTo("PROCESSING"))
                .body("progress.currentStep", nullValue());
    }

    @Test
    void get_unknownOrMalformedId_answers404() {
        authed().get("/v1/payments/{id}", "00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:payment-not-found"));
        authed().get("/v1/payments/{id}", "not-a-uuid").then().statusCode(404)
                .body("detail", equalTo("No payment with id not-a-uuid"));
    }

    @Test
    void get_withoutApiKey_answers401() {
        String[] p = create(id("c"));
        given().get("/v1/payments/{id}", p[0]).then().statusCode(401);
    }

    @Test
    void list_onePerPage_walksEveryPaymentOfTheCustomerNewestFirstWithoutGapsOrRepeats() {
        String customer = id("c");
        var created = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            created.add(create(customer)[0]);
        }
        create(id("other"));

        var seen = new ArrayList<String>();
        String token = null;
        int pages = 0;
        do {
            var request = authed().queryParam("customerId", customer).queryParam("pageSize", 2);
            if (token != null) {
                request.queryParam("pageToken", token);
            }
            var page = request.get("/v1/payments").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("payments.paymentId"));
            token = page.getString("nextPageToken");
            pages++;
        } while (token != null);

        assertEquals(3, pages);
        assertEquals(created.reversed(), seen);
    }

    @Test
    void list_byStatusAndTime_filters() {
        String customer = id("c");
        String[] a = create(customer);
        OffsetDateTime between = OffsetDateTime.parse(authed().get("/v1/payments/{id}", a[0]).then().extract()
                .path("createdAt"));
        String[] b = create(customer);
        given().urlEncodingEnabled(false).contentType("application/json").header("Idempotency-Key", id("k")).body("""
                {"paymentId":"%s","customerId":"%s","status":"SUCCEEDED","orderId":"o-1"}""".formatted(b[0], customer))
                .post("/v1/payments/" + b[0] + ":complete").then().statusCode(200);

        authed().queryParam("customerId", customer).queryParam("status", "SUCCEEDED").get("/v1/payments")
                .then().statusCode(200).body("payments.paymentId", equalTo(List.of(b[0])))
                .body("$", not(hasKey("nextPageToken")));
        authed().queryParam("customerId", customer).queryParam("createdAfter", between.toString())
                .get("/v1/payments").then().body("payments.paymentId", equalTo(List.of(b[0])));
        authed().queryParam("customerId", customer).queryParam("createdBefore", between.plusNanos(1000).toString())
                .get("/v1/payments").then().body("payments.paymentId", equalTo(List.of(a[0])));
    }

    @Test
    void list_invalidParameters_answers400NamingEach() {
        authed().queryParam("status", "DONE").queryParam("createdAfter", "yesterday").queryParam("pageSize", 0)
                .queryParam("pageToken", "!!").get("/v1/payments")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", equalTo(List.of("status", "createdAfter", "pageSize", "pageToken")));
    }
}
