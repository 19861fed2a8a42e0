package dev.baton.fraud;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /v1/assessments/{id} and GET /v1/assessments?paymentId=&customerId=. */
@QuarkusTest
class AssessmentReadTest {

    @Test
    void get_byId_answersEverythingJudgedAndTheReasons() {
        var c = Assessments.fresh();
        String paymentId = Assessments.newPayment();
        String id = Assessments.assess(paymentId + ":assess_fraud", c.body(paymentId, 150_000, "EUR",
                "billingCountry", "FR", "ipCountry", "FR")).then().statusCode(200).extract().path("assessmentId");

        given().get("/v1/assessments/{id}", id).then().statusCode(200)
                .body("assessmentId", equalTo(id))
                .body("paymentId", equalTo(paymentId))
                .body("customerId", equalTo(c.customerId()))
                .body("customerEmail", equalTo("buyer@example.com"))
                .body("amountMinor", equalTo(150_000))
                .body("currency", equalTo("EUR"))
                .body("paymentMethodToken", equalTo(c.token()))
                .body("billingCountry", equalTo("FR"))
                .body("verdict", equalTo("REVIEW"))
                .body("score", equalTo(50))
                .body("reasons.rule", equalTo(List.of("amount.review")))
                .body("assessmentKey", equalTo(paymentId + ":assess_fraud"));
    }

    @Test
    void list_byPaymentOrCustomer_answersOldestFirst() {
        var c = Assessments.fresh();
        String first = c.assess(1_000).then().statusCode(200).extract().path("assessmentId");
        String paymentId = Assessments.newPayment();
        String second = Assessments.assess(paymentId + ":assess_fraud", c.body(paymentId, 2_000, "EUR"))
                .then().statusCode(200).extract().path("assessmentId");

        given().queryParam("customerId", c.customerId()).get("/v1/assessments").then().statusCode(200)
                .body("assessmentId", equalTo(List.of(first, second)));
        given().queryParam("paymentId", paymentId).queryParam("customerId", "").get("/v1/assessments").then()
                .statusCode(200).body("assessmentId", equalTo(List.of(second)));
    }

    @Test
    void get_unknownId_answers404Problem() {
        UUID id = UUID.randomUUID();
        given().get("/v1/assessments/{id}", id).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:assessment-not-found"))
                .body("detail", equalTo("No assessment " + id));
    }

    @Test
    void list_limitAboveMaximum_answers400NamingIt() {
        given().queryParam("limit", 1001).get("/v1/assessments").then().statusCode(400)
                .body("violations[0].field", equalTo("limit"));
    }
}
