package dev.baton.gateway;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.EventSchemas;
import dev.baton.contracts.EventTypes;
import dev.baton.platform.command.IdempotentCommands;
import dev.baton.platform.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * POST /v1/refunds: the compensation of capture (found by the capture key it carries) and the operator's refund;
 * never more than captured minus refunded; each refund states dev.baton.payment.refunded.v1 in its transaction.
 */
@QuarkusTest
class RefundTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    IdempotentCommands commands;

    private static Map<String, Object> data(Map<String, Object> event) throws Exception {
        return JSON.readValue((String) event.get("data"), new TypeReference<>() {
        });
    }

    private static Payments captured(long amountMinor) {
        var p = Payments.fresh();
        p.authorize("tok_visa", amountMinor).then().statusCode(200);
        p.capture(amountMinor).then().statusCode(200);
        return p;
    }

    @Test
    void refund_afterCapture_refundsAllAndEmitsOneSchemaValidEvent() throws Exception {
        var p = captured(3_000);
        String refundId = p.refund(p.key("refund"), null).then().statusCode(200)
                .body("status", equalTo("REFUNDED"))
                .body("amountMinor", equalTo(3_000))
                .body("currency", equalTo("EUR"))
                .extract().path("refundId");

        var row = p.authorizationRow();
        assertEquals("REFUNDED", row.get("state"));
        assertEquals(3_000L, row.get("refunded_minor"));
        var refunds = TestDatabase.rows("SELECT * FROM payment_refund WHERE payment_id = ?", p.paymentId());
        assertEquals(1, refunds.size());
        assertEquals(refundId, refunds.getFirst().get("id").toString());
        assertEquals(p.key("refund"), refunds.getFirst().get("refund_key"));

        var events = p.events();
        assertEquals(1, events.size());
        var event = events.getFirst();
        assertEquals(EventTypes.PAYMENT_REFUNDED, event.get("type"));
        assertEquals(p.key("refund"), event.get("event_id"));
        assertEquals(p.paymentId(), event.get("subject"));
        assertEquals(Map.of("refundId", refundId, "paymentId", p.paymentId(), "orderId", "ord-" + p.paymentId(),
                "customerId", p.customerId(), "customerEmail", "buyer@example.com", "amountMinor", 3_000,
                "currency", "EUR"), data(event));
        EventSchemas.requireValid(EventTypes.PAYMENT_REFUNDED,
                ((String) event.get("data")).getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new IdempotentCommands.Compensation(p.key("refund"), "gateway.refund:" + p.paymentId())),
                commands.compensationsOf(p.key("capture")).await().atMost(Duration.ofSeconds(5)),
                "the refund recorded the capture's key as its forward key");
    }

    @Test
    void refund_retriedWithSameKey_replaysAndEmitsNothingMore() {
        var p = captured(3_000);
        String first = p.refund(p.key("refund"), null).then().statusCode(200).extract().asString();
        p.refund(p.key("refund"), null).then().statusCode(200).header("Idempotent-Replayed", "true")
                .body(equalTo(first));
        assertEquals(1, p.events().size());
        assertEquals(3_000L, p.authorizationRow().get("refunded_minor"));
    }

    @Test
    void refund_partsByOperator_stepThroughPartiallyRefundedToRefunded() throws Exception {
        var p = captured(3_000);
        p.refund("operator-1-" + p.paymentId(), 1_000L).then().statusCode(200).body("amountMinor", equalTo(1_000));
        assertEquals("PARTIALLY_REFUNDED", p.authorizationRow().get("state"));

        p.refund("operator-2-" + p.paymentId(), 1_500L).then().statusCode(200);
        assertEquals("PARTIALLY_REFUNDED", p.authorizationRow().get("state"));
        assertEquals(2_500L, p.authorizationRow().get("refunded_minor"));

        // No amount: whatever is left.
        p.refund(p.key("refund"), null).then().statusCode(200).body("amountMinor", equalTo(500));
        assertEquals("REFUNDED", p.authorizationRow().get("state"));
        assertEquals(List.of(1_000, 1_500, 500), p.events().stream().map(e -> {
            try {
                return data(e).get("amountMinor");
            } catch (Exception x) {
                throw new IllegalStateException(x);
            }
        }).toList());
    }

    @Test
    void refund_moreThanLeft_answers422NamingAmountAndRefundsNothing() {
        var p = captured(3_000);
        p.refund("operator-1-" + p.paymentId(), 2_000L).then().statusCode(200);
        p.refund("operator-2-" + p.paymentId(), 1_001L).then().statusCode(422)
                .body("type", equalTo("urn:baton:problem:amount-exceeds-refundable"))
                .body("violations[0].field", equalTo("amountMinor"))
                .body("violations[0].message", equalTo("1001 is more than the 1000 EUR left to refund (captured "
                        + "3000, refunded 2000)"));
        assertEquals(2_000L, p.authorizationRow().get("refunded_minor"));
        assertEquals(1, p.events().size());
    }

    @Test
    void refund_everythingRefundedAlready_answersNothingToRefundWithoutAnEvent() {
        var p = captured(3_000);
        p.refund("operator-" + p.paymentId(), null).then().statusCode(200);
        p.refund(p.key("refund"), null).then().statusCode(200)
                .body("status", equalTo("NOTHING_TO_REFUND"))
                .body("amountMinor", equalTo(0))
                .body("refundId", nullValue());
        assertEquals(1, p.events().size());
    }

    @Test
    void refund_anAmountWhenEverythingIsRefunded_answers422() {
        var p = captured(3_000);
        p.refund("operator-" + p.paymentId(), null).then().statusCode(200);
        p.refund(p.key("refund"), 1L).then().statusCode(422)
                .body("violations[0].message", equalTo("1 is more than the 0 EUR left to refund (captured 3000, "
                        + "refunded 3000)"));
    }

    @Test
    void refund_beforeCapture_answersNothingToRefundAndTheLateCaptureIs409() {
        var p = Payments.fresh();
        p.authorize("tok_visa", 3_000).then().statusCode(200);
        p.refund(p.key("refund"), null).then().statusCode(200).body("status", equalTo("NOTHING_TO_REFUND"));

        p.capture(3_000).then().statusCode(409).body("type", equalTo("urn:baton:problem:compensated"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM payment_capture WHERE payment_id = ?", p.paymentId()));
        assertEquals(List.of(), p.events());
    }

    @Test
    void refund_forwardKeyOfAnAuthorization_answers422UnknownForwardKey() {
        var p = captured(3_000);
        Payments.command("/v1/refunds", p.key("refund"), p.refundBody(p.key("authorize"), null))
                .then().statusCode(422)
                .body("type", equalTo("urn:baton:problem:unknown-forward-key"))
                .body("violations[0].field", equalTo("forwardKey"));
    }

    @Test
    void refund_badEmailAndNoOrder_answers400NamingBoth() {
        var p = captured(3_000);
        var body = p.refundBody(p.key("capture"), null);
        body.put("customerEmail", "not an address");
        body.remove("orderId");
        Payments.command("/v1/refunds", p.key("refund"), body).then().statusCode(400)
                .body("violations.field", equalTo(List.of("customerEmail", "orderId")))
                .body("violations.message", equalTo(List.of("must be an e-mail address", "must not be blank")));
    }

    @Test
    void refund_sagaOrder_refundThenVoidEndsRefundedWithOneEvent() {
        var p = captured(3_000);
        p.refund(p.key("refund"), null).then().statusCode(200).body("status", equalTo("REFUNDED"));
        p.voidIt(p.key("void_authorization"), p.key("authorize")).then().statusCode(200)
                .body("status", equalTo("NOTHING_TO_VOID"));

        var row = p.authorizationRow();
        assertEquals("REFUNDED", row.get("state"));
        assertEquals(row.get("captured_minor"), row.get("refunded_minor"));
        assertEquals(1, p.events().size());
    }
}
