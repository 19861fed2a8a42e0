package dev.baton.fraud;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.EventSchemas;
import dev.baton.contracts.EventTypes;
import dev.baton.platform.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** POST /v1/assessments: amount and country rules, the verdict, the event, the idempotency rules, bad input. */
@QuarkusTest
class AssessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void noFaults() {
        given().delete("/v1/faults").then().statusCode(204);
    }

    private static List<Map<String, Object>> events(String paymentId) {
        return TestDatabase.rows("SELECT event_id, type, subject, convert_from(data, 'UTF8') AS data"
                + " FROM baton_platform.outbox_event WHERE aggregate_id = ? ORDER BY id", paymentId);
    }

    @Test
    void assess_ordinaryPayment_approvesStoresAndEmitsOneSchemaValidEvent() throws Exception {
        var c = Assessments.fresh();
        String paymentId = Assessments.newPayment();
        String key = paymentId + ":assess_fraud";
        String id = Assessments.assess(key, c.body(paymentId, 4_200, "EUR", "billingCountry", "DE", "ipCountry", "DE"))
                .then().statusCode(200)
                .body("paymentId", equalTo(paymentId))
                .body("verdict", equalTo("APPROVE"))
                .body("score", equalTo(0))
                .body("reasons", equalTo(List.of()))
                .header("Idempotent-Replayed", nullValue())
                .extract().path("assessmentId");

        var row = TestDatabase.rows("SELECT * FROM fraud_assessment WHERE id = ?::uuid", id).getFirst();
        assertEquals(key, row.get("assessment_key"));
        assertEquals(c.customerId(), row.get("customer_id"));
        assertEquals("APPROVE", row.get("verdict"));
        assertEquals(c.token(), row.get("payment_method_token"));
        assertEquals("DE", row.get("billing_country"));

        var events = events(paymentId);
        assertEquals(1, events.size());
        var event = events.getFirst();
        assertEquals(EventTypes.FRAUD_ASSESSED, event.get("type"));
        assertEquals(key, event.get("event_id"));
        assertEquals(paymentId, event.get("subject"));
        assertEquals(Map.of("assessmentId", id, "paymentId", paymentId, "customerId", c.customerId(), "verdict",
                "APPROVE", "score", 0, "reasons", List.of()), JSON.readValue((String) event.get("data"),
                        new TypeReference<Map<String, Object>>() {
                        }));
        EventSchemas.requireValid(EventTypes.FRAUD_ASSESSED,
                ((String) event.get("data")).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource({"100000,APPROVE,", "100001,REVIEW,amount.review", "500000,REVIEW,amount.review",
            "500001,REJECT,amount.reject"})
    void assess_amountAroundTheThresholds_reviewsAboveReviewAndRejectsAboveReject(long amount, String verdict,
            String rule) {
        var c = Assessments.fresh();
        var answer = c.assess(amount);
        answer.then().statusCode(200).body("verdict", equalTo(verdict));
        assertEquals(rule == null ? List.of() : List.of(rule), Assessments.rules(answer));
    }

    @Test
    void assess_rejectedAmount_detailsTheThresholdAndTheEventNamesTheRule() throws Exception {
        var c = Assessments.fresh();
        String paymentId = Assessments.newPayment();
        Assessments.assess(paymentId + ":assess_fraud", c.body(paymentId, 600_000, "USD")).then().statusCode(200)
                .body("verdict", equalTo("REJECT"))
                .body("score", equalTo(90))
                .body("reasons", equalTo(List.of(Map.of("rule", "amount.reject",
                        "detail", "600000 USD is above the reject threshold 500000"))));
        var data = JSON.readValue((String) events(paymentId).getFirst().get("data"),
                new TypeReference<Map<String, Object>>() {
                });
        assertEquals("REJECT", data.get("verdict"));
        assertEquals(List.of("amount.reject"), data.get("reasons"));
    }

    @Test
    void assess_singleAmountAboveTheVelocityAmountLimit_firesVelocityToo() {
        var c = Assessments.fresh();
        assertEquals(List.of("amount.reject", "velocity.customer.amount", "velocity.token.amount"),
                Assessments.rules(c.assess(900_000)));
    }

    @Test
    void assess_currencyWithoutThresholds_isNotAmountChecked() {
        var c = Assessments.fresh();
        String paymentId = Assessments.newPayment();
        Assessments.assess(paymentId + ":assess_fraud", c.body(paymentId, 900_000, "JPY")).then().statusCode(200)
                .body("verdict", equalTo("APPROVE"));
    }

    @Test
    void assess_billingAndIpCountryDiffer_reviews() {
        var c = Assessments.fresh();
        c.assess(1_000, "billingCountry", "DE", "ipCountry", "BR").then().statusCode(200)
                .body("verdict", equalTo("REVIEW"))
                .body("score", equalTo(30))
                .body("reasons", equalTo(List.of(Map.of("rule", "country.mismatch",
                        "detail", "billing country DE, IP country BR"))));
    }

    @Test
    void assess_oneCountryMissing_isNoMismatch() {
        var c = Assessments.fresh();
        c.assess(1_000, "billingCountry", "DE", "ipCountry", null).then().statusCode(200)
                .body("verdict", equalTo("APPROVE"));
    }

    @Test
    void assess_severalRulesFire_verdictIsTheWorstAndEveryRuleIsListed() {
        var c = Assessments.fresh();
        var answer = c.assess(600_000, "billingCountry", "DE", "ipCountry", "BR");
        answer.then().statusCode(200).body("verdict", equalTo("REJECT")).body("score", equalTo(100));
        assertEquals(List.of("amount.reject", "country.mismatch"), Assessments.rules(answer));
    }

    @Test
    void assess_sameKeySameBody_replaysWithoutASecondAssessmentOrEvent() {
        var c = Assessments.fresh();
        String paymentId = Assessments.newPayment();
        var body = c.body(paymentId, 1_000, "EUR");
        String first = Assessments.assess(paymentId + ":assess_fraud", body).then().statusCode(200).extract()
                .asString();
        Assessments.assess(paymentId + ":assess_fraud", body).then().statusCode(200)
                .header("Idempotent-Replayed", "true").body(equalTo(first));
        assertEquals(1, c.stored());
        assertEquals(1, events(paymentId).size());
    }

    @Test
    void assess_sameKeyOtherBody_answers422() {
        var c = Assessments.fresh();
        String paymentId = Assessments.newPayment();
        Assessments.assess(paymentId + ":assess_fraud", c.body(paymentId, 1_000, "EUR")).then().statusCode(200);
        Assessments.assess(paymentId + ":assess_fraud", c.body(paymentId, 2_000, "EUR")).then().statusCode(422)
                .body("type", equalTo("urn:baton:problem:idempotency-key-reused"));
        assertEquals(1, c.stored());
    }

    @Test
    void assess_withoutIdempotencyKey_answers400() {
        var c = Assessments.fresh();
        Assessments.assess(null, c.body(Assessments.newPayment(), 1_000, "EUR")).then().statusCode(400)
                .body("violations[0].field", equalTo("Idempotency-Key"));
        assertEquals(0, c.stored());
    }

    @ParameterizedTest
    @ValueSource(strings = {"currency=eur", "currency=XYZ", "billingCountry=XX", "ipCountry=de",
            "customerEmail=nobody", "paymentMethodToken=4111"})
    void assess_badField_answers400NamingIt(String fieldAndValue) {
        String field = fieldAndValue.substring(0, fieldAndValue.indexOf('='));
        String value = fieldAndValue.substring(field.length() + 1);
        var c = Assessments.fresh();
        String paymentId = Assessments.newPayment();
        var body = c.body(paymentId, 1_000, "EUR", field, value);
        Assessments.assess(paymentId + ":assess_fraud", body).then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", equalTo(List.of(field)));
        assertEquals(0, c.stored());
    }

    @Test
    void assess_missingAmountAndCustomer_listsBoth() {
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k-" + java.util.UUID.randomUUID())
                .body(Map.of("paymentId", "p", "currency", "EUR", "paymentMethodToken", "tok_visa"))
                .post("/v1/assessments").then().statusCode(400)
                .body("violations.field", equalTo(List.of("amountMinor", "customerId")))
                .body("violations.message", equalTo(List.of("must not be null", "must not be blank")));
    }

    @Test
    void assess_faultAfter_commitsTheAssessmentAndTheRetryReplaysIt() {
        var c = Assessments.fresh();
        given().contentType(ContentType.JSON)
                .body(Map.of("operation", "fraud.assess", "customerId", c.customerId(), "when", "AFTER", "times", 1))
                .post("/v1/faults").then().statusCode(201);
        String paymentId = Assessments.newPayment();
        var body = c.body(paymentId, 1_000, "EUR");

        Assessments.assess(paymentId + ":assess_fraud", body).then().statusCode(500)
                .body("type", equalTo("urn:baton:problem:injected-fault"));
        assertEquals(1, c.stored());
        Assessments.assess(paymentId + ":assess_fraud", body).then().statusCode(200)
                .header("Idempotent-Replayed", "true").body("verdict", equalTo("APPROVE"));
        assertEquals(1, events(paymentId).size());
    }

    @Test
    void assess_cardNumberInAnyField_answers422WithoutStoringIt() {
        var c = Assessments.fresh();
        String paymentId = Assessments.newPayment();
        Assessments.assess(paymentId + ":assess_fraud", c.body(paymentId, 1_000, "EUR", "customerEmail",
                        "4111111111111111@example.com"))
                .then().statusCode(422)
                .body("type", equalTo("urn:baton:problem:card-number-refused"))
                .body("violations[0].field", equalTo("customerEmail"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("4111")));
        assertEquals(0, c.stored());
        assertFalse(TestDatabase.count("SELECT count(*) FROM baton_platform.command_log WHERE idempotency_key = ?",
                paymentId + ":assess_fraud") > 0);
    }
}
