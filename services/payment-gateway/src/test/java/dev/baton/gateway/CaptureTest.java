package dev.baton.gateway;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.platform.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** POST /v1/captures: once, on an AUTHORIZED authorization named by its authorize key, never above its amount. */
@QuarkusTest
class CaptureTest {

    @Test
    void capture_authorized_capturesAndStoresTheCapture() {
        var p = Payments.fresh();
        String authorizationId = p.authorize("tok_visa", 2_500).then().statusCode(200).extract()
                .path("authorizationId");

        String captureId = p.capture(2_500).then().statusCode(200)
                .body("authorizationId", equalTo(authorizationId))
                .body("status", equalTo("CAPTURED"))
                .body("amountMinor", equalTo(2_500))
                .body("currency", equalTo("EUR"))
                .extract().path("captureId");

        var row = p.authorizationRow();
        assertEquals("CAPTURED", row.get("state"));
        assertEquals(2_500L, row.get("captured_minor"));
        var captures = TestDatabase.rows("SELECT * FROM payment_capture WHERE payment_id = ?", p.paymentId());
        assertEquals(1, captures.size());
        assertEquals(captureId, captures.getFirst().get("id").toString());
        assertEquals(p.key("capture"), captures.getFirst().get("capture_key"));
    }

    @Test
    void capture_partOfTheAmount_capturesThatPart() {
        var p = Payments.fresh();
        p.authorize("tok_visa", 2_500).then().statusCode(200);
        p.capture(1_000).then().statusCode(200).body("amountMinor", equalTo(1_000));
        assertEquals(1_000L, p.authorizationRow().get("captured_minor"));
    }

    @Test
    void capture_aboveTheAuthorizedAmount_answers422NamingAmount() {
        var p = Payments.fresh();
        p.authorize("tok_visa", 2_500).then().statusCode(200);
        p.capture(2_501).then().statusCode(422)
                .body("type", equalTo("urn:baton:problem:amount-exceeds-authorization"))
                .body("violations[0].field", equalTo("amountMinor"))
                .body("violations[0].message", equalTo("2501 is more than the 2500 EUR authorized"));
        assertEquals("AUTHORIZED", p.authorizationRow().get("state"));
        assertEquals(false, Payments.logged(p.key("capture")));
    }

    @Test
    void capture_retriedWithSameKey_replaysAndCapturesOnce() {
        var p = Payments.fresh();
        p.authorize("tok_visa", 2_500).then().statusCode(200);
        String first = p.capture(2_500).then().statusCode(200).extract().asString();
        p.capture(2_500).then().statusCode(200).header("Idempotent-Replayed", "true").body(equalTo(first));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM payment_capture WHERE payment_id = ?", p.paymentId()));
    }

    @Test
    void capture_secondCaptureUnderAnotherKey_answers409() {
        var p = Payments.fresh();
        String id = p.authorize("tok_visa", 2_500).then().statusCode(200).extract().path("authorizationId");
        p.capture(1_000).then().statusCode(200);
        p.capture(p.key("capture-again"), 1_000).then().statusCode(409)
                .body("type", equalTo("urn:baton:problem:illegal-transition"))
                .body("detail", equalTo("Authorization " + id + " is CAPTURED: cannot capture it; only an "
                        + "AUTHORIZED authorization can be captured"));
        assertEquals(1_000L, p.authorizationRow().get("captured_minor"));
    }

    @Test
    void capture_voided_answers409() {
        var p = Payments.fresh();
        p.authorize("tok_visa", 2_500).then().statusCode(200);
        p.voidIt(p.key("void_authorization"), p.key("authorize")).then().statusCode(200);
        p.capture(2_500).then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("is VOIDED: cannot capture it"));
    }

    @Test
    void capture_declined_answers409() {
        var p = Payments.fresh();
        p.authorize("tok_expired_card", 2_500).then().statusCode(200);
        p.capture(2_500).then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("is DECLINED: cannot capture it"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM payment_capture WHERE payment_id = ?", p.paymentId()));
    }

    @Test
    void capture_unknownAuthorizeKey_answers422NamingIt() {
        var p = Payments.fresh();
        p.capture(2_500).then().statusCode(422)
                .body("type", equalTo("urn:baton:problem:unknown-authorization"))
                .body("violations[0].field", equalTo("authorizeKey"))
                .body("violations[0].message", equalTo("no authorization was made with Idempotency-Key '%s'"
                        .formatted(p.key("authorize"))));
    }

    @Test
    void capture_otherCurrency_answers422NamingCurrency() {
        var p = Payments.fresh();
        p.authorize("tok_visa", 2_500).then().statusCode(200);
        Payments.command("/v1/captures", p.key("capture"),
                        p.body("authorizeKey", p.key("authorize"), "amountMinor", 2_500, "currency", "USD"))
                .then().statusCode(422)
                .body("violations[0].field", equalTo("currency"))
                .body("violations[0].message", equalTo("the authorization is in EUR, not USD"));
    }

    @Test
    void capture_afterRefundCompensatedIt_answers409Compensated() {
        var p = Payments.fresh();
        p.authorize("tok_visa", 2_500).then().statusCode(200);
        p.refund(p.key("refund"), null).then().statusCode(200).body("status", equalTo("NOTHING_TO_REFUND"));

        p.capture(2_500).then().statusCode(409).body("type", equalTo("urn:baton:problem:compensated"));
        assertEquals("AUTHORIZED", p.authorizationRow().get("state"));
    }

    @Test
    void capture_negativeAmount_answers400NamingIt() {
        var p = Payments.fresh();
        p.capture(-1).then().statusCode(400)
                .body("violations[0].field", equalTo("amountMinor"))
                .body("violations[0].message", equalTo("must be greater than 0"));
    }
}
