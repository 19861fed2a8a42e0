package dev.baton.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.platform.command.IdempotentCommands;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POST /v1/authorizations:void, the compensation of authorize, found by the authorize key it carries. */
@QuarkusTest
class VoidTest {

    @Inject
    IdempotentCommands commands;

    private List<IdempotentCommands.Compensation> compensationsOf(String forwardKey) {
        return commands.compensationsOf(forwardKey).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void void_afterAuthorize_voidsItAndRecordsTheForwardKey() {
        var p = Payments.fresh();
        String id = p.authorize("tok_visa", 1_000).then().statusCode(200).extract().path("authorizationId");

        p.voidIt(p.key("void_authorization"), p.key("authorize")).then().statusCode(200)
                .body("status", equalTo("VOIDED"))
                .body("authorizationId", equalTo(id));

        var row = p.authorizationRow();
        assertEquals("VOIDED", row.get("state"));
        assertEquals("payment saga compensation", row.get("void_reason"));
        assertEquals(List.of(new IdempotentCommands.Compensation(p.key("void_authorization"),
                "gateway.void:" + p.paymentId())), compensationsOf(p.key("authorize")));
    }

    @Test
    void void_colonSentPercentEncoded_reachesTheSameCompensation() {
        var p = Payments.fresh();
        String id = p.authorize("tok_visa", 1_000).then().statusCode(200).extract().path("authorizationId");

        // As rest-assured and some URI builders send it; the platform's CustomMethodPaths decodes it.
        given().urlEncodingEnabled(false).contentType(ContentType.JSON)
                .header("Idempotency-Key", p.key("void_authorization"))
                .body(p.body("forwardKey", p.key("authorize"), "reason", "payment saga compensation"))
                .post("/v1/authorizations%3Avoid").then().statusCode(200)
                .body("status", equalTo("VOIDED"))
                .body("authorizationId", equalTo(id));
        assertEquals("VOIDED", p.authorizationRow().get("state"));
        // The literal spelling is the same command: a replay, not a second void.
        p.voidIt(p.key("void_authorization"), p.key("authorize")).then().statusCode(200)
                .header("Idempotent-Replayed", "true").body("status", equalTo("VOIDED"));
    }

    @Test
    void void_beforeAuthorize_answersNothingToVoidAndTheLateAuthorizeIs409Compensated() {
        var p = Payments.fresh();
        p.voidIt(p.key("void_authorization"), p.key("authorize")).then().statusCode(200)
                .body("status", equalTo("NOTHING_TO_VOID"))
                .body("authorizationId", nullValue());

        p.authorize("tok_visa", 1_000).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:compensated"))
                .body("detail", equalTo("The command with Idempotency-Key '%s' was compensated (gateway.void:%s) before "
                        .formatted(p.key("authorize"), p.paymentId()) + "it applied; it will not apply"));
        assertEquals(0, p.authorizations());
        assertEquals(1, compensationsOf(p.key("authorize")).size());
    }

    @Test
    void void_retriedWithSameKey_replaysWithoutVoidingTwice() {
        var p = Payments.fresh();
        p.authorize("tok_visa", 1_000).then().statusCode(200);
        String first = p.voidIt(p.key("void_authorization"), p.key("authorize")).then().statusCode(200)
                .extract().asString();
        p.voidIt(p.key("void_authorization"), p.key("authorize")).then().statusCode(200)
                .header("Idempotent-Replayed", "true").body(equalTo(first));
    }

    @Test
    void void_secondVoidUnderAnotherKey_answersNothingToVoid() {
        var p = Payments.fresh();
        String id = p.authorize("tok_visa", 1_000).then().statusCode(200).extract().path("authorizationId");
        p.voidIt(p.key("void_authorization"), p.key("authorize")).then().statusCode(200);
        p.voidIt("operator-void-" + p.paymentId(), p.key("authorize")).then().statusCode(200)
                .body("status", equalTo("NOTHING_TO_VOID"))
                .body("authorizationId", equalTo(id));
    }

    @Test
    void void_declinedAuthorization_answersNothingToVoid() {
        var p = Payments.fresh();
        String id = p.authorize("tok_insufficient_funds", 1_000).then().statusCode(200).extract()
                .path("authorizationId");
        p.voidIt(p.key("void_authorization"), p.key("authorize")).then().statusCode(200)
                .body("status", equalTo("NOTHING_TO_VOID"))
                .body("authorizationId", equalTo(id));
        assertEquals("DECLINED", p.authorizationRow().get("state"));
    }

    @Test
    void void_captured_answers409AndChangesNothing() {
        var p = Payments.fresh();
        String id = p.authorize("tok_visa", 1_000).then().statusCode(200).extract().path("authorizationId");
        p.capture(1_000).then().statusCode(200);

        p.voidIt(p.key("void_authorization"), p.key("authorize")).then().statusCode(409)
                .body("type", equalTo("urn:baton:problem:illegal-transition"))
                .body("detail", equalTo("Authorization " + id + " is CAPTURED: cannot void it; a void cannot give "
                        + "captured money back: refund the capture first (POST /v1/refunds)"));
        assertEquals("CAPTURED", p.authorizationRow().get("state"));
        assertEquals(List.of(), compensationsOf(p.key("authorize")), "a refused compensation leaves no record");
    }

    @Test
    void void_afterFullRefund_answersNothingToVoid() {
        var p = Payments.fresh();
        p.authorize("tok_visa", 1_000).then().statusCode(200);
        p.capture(1_000).then().statusCode(200);
        p.refund(p.key("refund"), null).then().statusCode(200).body("status", equalTo("REFUNDED"));

        p.voidIt(p.key("void_authorization"), p.key("authorize")).then().statusCode(200)
                .body("status", equalTo("NOTHING_TO_VOID"));
        assertEquals("REFUNDED", p.authorizationRow().get("state"));
    }

    @Test
    void void_afterPartialRefund_answers409() {
        var p = Payments.fresh();
        p.authorize("tok_visa", 1_000).then().statusCode(200);
        p.capture(1_000).then().statusCode(200);
        p.refund(p.key("refund"), 400L).then().statusCode(200);

        p.voidIt(p.key("void_authorization"), p.key("authorize")).then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("is PARTIALLY_REFUNDED: cannot void it"));
    }

    @Test
    void void_keyEqualToForwardKey_answers422() {
        var p = Payments.fresh();
        p.voidIt(p.key("authorize"), p.key("authorize")).then().statusCode(422)
                .body("type", equalTo("urn:baton:problem:compensation-key-reused"));
    }

    @Test
    void void_forwardKeyOfAnotherPayment_answers422NamingPaymentId() {
        var p = Payments.fresh();
        p.authorize("tok_visa", 1_000).then().statusCode(200);
        var other = new Payments("pay-other-" + p.paymentId(), p.customerId());
        other.voidIt(other.key("void_authorization"), p.key("authorize")).then().statusCode(422)
                .body("type", equalTo("urn:baton:problem:payment-mismatch"))
                .body("violations[0].field", equalTo("paymentId"));
        assertEquals("AUTHORIZED", p.authorizationRow().get("state"));
    }

    @Test
    void void_forwardKeyOfACapture_answers422UnknownForwardKey() {
        var p = Payments.fresh();
        p.authorize("tok_visa", 1_000).then().statusCode(200);
        p.capture(500).then().statusCode(200);
        p.voidIt(p.key("void_authorization"), p.key("capture")).then().statusCode(422)
                .body("type", equalTo("urn:baton:problem:unknown-forward-key"))
                .body("violations[0].message", equalTo("the command with Idempotency-Key '%s' did not make an "
                        .formatted(p.key("capture")) + "authorization"));
    }

    @Test
    void void_missingForwardKey_answers400NamingIt() {
        var p = Payments.fresh();
        Payments.command("/v1/authorizations:void", p.key("void_authorization"), p.body("reason", "x"))
                .then().statusCode(400)
                .body("violations[0].field", equalTo("forwardKey"))
                .body("violations[0].message", equalTo("must not be blank"));
    }
}
