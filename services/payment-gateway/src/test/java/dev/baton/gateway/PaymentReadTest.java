package dev.baton.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The read endpoints operators and the system tests use. */
@QuarkusTest
class PaymentReadTest {

    private static final String RFC3339 = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})";

    @Test
    void payment_capturedAndPartlyRefunded_listsEverythingWithTotals() {
        var p = Payments.fresh();
        String authorizationId = p.authorize("tok_visa", 5_000).then().statusCode(200).extract()
                .path("authorizationId");
        String captureId = p.capture(4_000).then().statusCode(200).extract().path("captureId");
        String r1 = p.refund("operator-" + p.paymentId(), 1_000L).then().statusCode(200).extract().path("refundId");
        String r2 = p.refund(p.key("refund"), null).then().statusCode(200).extract().path("refundId");

        given().get("/v1/payments/{id}", p.paymentId()).then().statusCode(200)
                .body("paymentId", equalTo(p.paymentId()))
                .body("authorizations.authorizationId", equalTo(List.of(authorizationId)))
                .body("authorizations[0].status", equalTo("REFUNDED"))
                .body("authorizations[0].authorizeKey", equalTo(p.key("authorize")))
                .body("authorizations[0].createdAt", matchesPattern(RFC3339))
                .body("captures.captureId", equalTo(List.of(captureId)))
                .body("captures[0].captureKey", equalTo(p.key("capture")))
                .body("refunds.refundId", equalTo(List.of(r1, r2)))
                .body("refunds.amountMinor", equalTo(List.of(1_000, 3_000)))
                .body("refunds.refundKey", equalTo(List.of("operator-" + p.paymentId(), p.key("refund"))))
                .body("authorizedMinor", equalTo(5_000))
                .body("capturedMinor", equalTo(4_000))
                .body("refundedMinor", equalTo(4_000))
                .body("netCapturedMinor", equalTo(0))
                .body("authorizationCount", equalTo(1))
                .body("captureCount", equalTo(1))
                .body("refundCount", equalTo(2));
    }

    @Test
    void payment_declinedOnly_countsNothingAuthorized() {
        var p = Payments.fresh();
        p.authorize("tok_stolen_card", 5_000).then().statusCode(200);
        given().get("/v1/payments/{id}", p.paymentId()).then().statusCode(200)
                .body("authorizations[0].declineCode", equalTo("stolen_card"))
                .body("authorizedMinor", equalTo(0))
                .body("authorizationCount", equalTo(1));
    }

    @Test
    void payment_unknown_answersEmptyWithZeroTotals() {
        given().get("/v1/payments/{id}", "pay-never-seen-" + UUID.randomUUID()).then().statusCode(200)
                .body("authorizations", equalTo(List.of()))
                .body("captures", equalTo(List.of()))
                .body("refunds", equalTo(List.of()))
                .body("capturedMinor", equalTo(0))
                .body("captureCount", equalTo(0));
    }

    @Test
    void authorization_byIdAndByPayment_answersTheSameView() {
        var p = Payments.fresh();
        String id = p.authorize("tok_amex", 777).then().statusCode(200).extract().path("authorizationId");

        given().get("/v1/authorizations/{id}", id).then().statusCode(200)
                .body("authorizationId", equalTo(id))
                .body("paymentId", equalTo(p.paymentId()))
                .body("customerId", equalTo(p.customerId()))
                .body("status", equalTo("AUTHORIZED"))
                .body("amountMinor", equalTo(777))
                .body("capturedMinor", equalTo(0))
                .body("paymentMethodToken", equalTo("tok_amex"));
        given().queryParam("paymentId", p.paymentId()).get("/v1/authorizations").then().statusCode(200)
                .body("authorizationId", equalTo(List.of(id)));
    }

    @Test
    void authorization_unknownId_answers404Problem() {
        UUID id = UUID.randomUUID();
        given().get("/v1/authorizations/{id}", id).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:authorization-not-found"))
                .body("detail", equalTo("No authorization " + id));
    }

    @Test
    void authorizations_withoutPaymentId_answers400NamingIt() {
        given().get("/v1/authorizations").then().statusCode(400)
                .body("violations[0].field", equalTo("paymentId"))
                .body("violations[0].message", equalTo("must not be blank"));
    }
}
