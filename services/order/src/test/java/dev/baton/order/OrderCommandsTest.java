package dev.baton.order;

import static dev.baton.order.OrderTests.cancelBody;
import static dev.baton.order.OrderTests.confirmBody;
import static dev.baton.order.OrderTests.create;
import static dev.baton.order.OrderTests.createBody;
import static dev.baton.order.OrderTests.events;
import static dev.baton.order.OrderTests.id;
import static dev.baton.order.OrderTests.json;
import static dev.baton.order.OrderTests.post;
import static dev.baton.platform.testing.TestDatabase.count;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.contracts.EventSchemas;
import dev.baton.contracts.EventTypes;
import dev.baton.platform.command.IdempotentCommands;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The saga's commands on order against the real database: idempotency per key, compensation before and after the
 * forward command, the state machine's guards, and the exact events in the outbox (validated against the contract).
 * Every test uses its own payment, customer and keys.
 */
@QuarkusTest
class OrderCommandsTest {

    static final String RFC3339 = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})";

    @Inject
    IdempotentCommands commands;

    @Test
    void create_newPayment_201PendingOrderStoredWithoutEvent() throws Exception {
        String payment = id("pay"), customer = id("c"), key = payment + ":create_order";

        String orderId = post("/v1/orders", key, createBody(payment, customer)).then().statusCode(201)
                .header("Idempotent-Replayed", nullValue())
                .body("paymentId", equalTo(payment))
                .body("customerId", equalTo(customer))
                .body("customerEmail", equalTo(customer + "@example.com"))
                .body("amountMinor", equalTo(2599))
                .body("currency", equalTo("EUR"))
                .body("state", equalTo("PENDING"))
                .body("lineItems[0].sku", equalTo("BOOK-1"))
                .body("lineItems[0].quantity", equalTo(2))
                .body("lineItems[1].containsKey('sku')", equalTo(false))
                .body("lineItems[1].description", equalTo("Gift wrap"))
                .body("containsKey('cancelReason')", equalTo(false))
                .body("createdAt", matchesPattern(RFC3339))
                .extract().path("orderId");

        given().get("/v1/orders/{id}", orderId).then().statusCode(200)
                .body("orderId", equalTo(orderId)).body("state", equalTo("PENDING"));
        assertEquals(1, count("SELECT count(*) FROM customer_order WHERE id = ?::uuid AND create_key = ?"
                + " AND state = 'PENDING'", orderId, key));
        assertEquals(List.of(), events(orderId));
    }

    @Test
    void create_sameKeySameBodyTwice_replaysStoredOrderWithoutSecondRow() throws Exception {
        String payment = id("pay"), customer = id("c"), key = payment + ":create_order";
        String first = create(key, payment, customer);

        post("/v1/orders", key, createBody(payment, customer)).then().statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("orderId", equalTo(first));
        assertEquals(1, count("SELECT count(*) FROM customer_order WHERE payment_id = ?", payment));
    }

    @Test
    void create_sameKeyOtherBody_422KeyReusedAndNothingChanged() throws Exception {
        String payment = id("pay"), customer = id("c"), key = payment + ":create_order";
        create(key, payment, customer);
        var other = createBody(payment, customer);
        other.put("customerEmail", "someone.else@example.com");

        post("/v1/orders", key, other).then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:idempotency-key-reused"));
        assertEquals(1, count("SELECT count(*) FROM customer_order WHERE payment_id = ? AND customer_email = ?",
                payment, customer + "@example.com"));
    }

    @Test
    void create_otherKeyForPaymentWithOrder_409OrderExists() {
        String payment = id("pay"), customer = id("c");
        String orderId = create(payment + ":create_order", payment, customer);

        post("/v1/orders", id("other"), createBody(payment, customer)).then().statusCode(409)
                .body("type", equalTo("urn:baton:problem:order-exists"))
                .body("detail", equalTo("Payment %s already has order %s (PENDING)".formatted(payment, orderId)));
    }

    @Test
    void confirm_pendingOrder_confirmsAndEmitsExactSchemaValidEvent() throws Exception {
        String payment = id("pay"), customer = id("c"), createKey = payment + ":create_order";
        String confirmKey = payment + ":confirm_order";
        String orderId = create(createKey, payment, customer);

        post("/v1/orders:confirm", confirmKey, confirmBody(payment, customer, createKey)).then().statusCode(200)
                .body("orderId", equalTo(orderId)).body("state", equalTo("CONFIRMED"));

        var events = events(orderId);
        assertEquals(1, events.size());
        var event = events.getFirst();
        assertEquals(EventTypes.ORDER_CONFIRMED + ":" + confirmKey, event.id());
        assertEquals(EventTypes.ORDER_CONFIRMED, event.type());
        assertEquals("/baton/order", event.source());
        assertEquals(orderId, event.subject());
        EventSchemas.requireValid(event.type(), event.data());
        assertEquals(json("""
                {"orderId":"%s","paymentId":"%s","customerId":"%s","customerEmail":"%s@example.com",
                 "amountMinor":2599,"currency":"EUR","lineItems":[
                   {"sku":"BOOK-1","description":"A book","quantity":2,"unitAmountMinor":1000},
                   {"description":"Gift wrap","quantity":1,"unitAmountMinor":599}]}"""
                .formatted(orderId, payment, customer, customer)), event.json());
        given().get("/v1/orders/{id}", orderId).then().body("state", equalTo("CONFIRMED"));
    }

    @Test
    void confirm_sameKeyTwice_replaysWithoutSecondEvent() throws Exception {
        String payment = id("pay"), customer = id("c"), createKey = payment + ":create_order";
        String orderId = create(createKey, payment, customer);
        String confirmKey = payment + ":confirm_order";
        String first = post("/v1/orders:confirm", confirmKey, confirmBody(payment, customer, createKey)).then()
                .statusCode(200).extract().asString();

        String second = post("/v1/orders:confirm", confirmKey, confirmBody(payment, customer, createKey)).then()
                .statusCode(200).header("Idempotent-Replayed", "true").extract().asString();

        assertEquals(json(first), json(second));
        assertEquals(1, events(orderId).size());
    }

    @Test
    void confirm_cancelledOrder_409IllegalTransitionAndNoEvent() throws Exception {
        String payment = id("pay"), customer = id("c"), createKey = payment + ":create_order";
        String orderId = create(createKey, payment, customer);
        post("/v1/orders:cancel", payment + ":cancel_order", cancelBody(payment, customer, createKey)).then()
                .statusCode(200);

        post("/v1/orders:confirm", payment + ":confirm_order", confirmBody(payment, customer, createKey)).then()
                .statusCode(409)
                .body("type", equalTo("urn:baton:problem:illegal-transition"))
                .body("detail", equalTo("Order %s is CANCELLED; only a PENDING order can be confirmed"
                        .formatted(orderId)));
        assertEquals(List.of(EventTypes.ORDER_CANCELLED), events(orderId).stream().map(e -> e.type()).toList());
    }

    @Test
    void confirm_confirmedOrderUnderAnotherKey_409IllegalTransition() throws Exception {
        String payment = id("pay"), customer = id("c"), createKey = payment + ":create_order";
        String orderId = create(createKey, payment, customer);
        post("/v1/orders:confirm", payment + ":confirm_order", confirmBody(payment, customer, createKey)).then()
                .statusCode(200);

        post("/v1/orders:confirm", id("again"), confirmBody(payment, customer, createKey)).then().statusCode(409)
                .body("detail", equalTo("Order %s is CONFIRMED; only a PENDING order can be confirmed"
                        .formatted(orderId)));
        assertEquals(1, events(orderId).size());
    }

    @Test
    void confirm_noOrderUnderCreateKey_404() {
        String payment = id("pay"), customer = id("c"), createKey = payment + ":create_order";

        post("/v1/orders:confirm", payment + ":confirm_order", confirmBody(payment, customer, createKey)).then()
                .statusCode(404)
                .body("type", equalTo("urn:baton:problem:order-not-found"))
                .body("detail", equalTo("No order was created with Idempotency-Key '%s'".formatted(createKey)));
    }

    @Test
    void confirm_orderOfAnotherPayment_422NamingPaymentId() throws Exception {
        String payment = id("pay"), customer = id("c"), createKey = payment + ":create_order";
        String orderId = create(createKey, payment, customer);

        post("/v1/orders:confirm", id("k"), confirmBody("pay-other", customer, createKey)).then().statusCode(422)
                .body("type", equalTo("urn:baton:problem:order-mismatch"))
                .body("violations.field", equalTo(List.of("paymentId")))
                .body("violations[0].message", equalTo("is pay-other but the order of createOrderKey belongs to "
                        + "payment " + payment));
        given().get("/v1/orders/{id}", orderId).then().body("state", equalTo("PENDING"));
    }

    @Test
    void confirm_sameKeyOtherBody_422KeyReused() {
        String payment = id("pay"), customer = id("c"), createKey = payment + ":create_order";
        create(createKey, payment, customer);
        String confirmKey = payment + ":confirm_order";
        post("/v1/orders:confirm", confirmKey, confirmBody(payment, customer, createKey)).then().statusCode(200);

        post("/v1/orders:confirm", confirmKey, confirmBody(payment, customer, id("elsewhere"))).then()
                .statusCode(422).body("type", equalTo("urn:baton:problem:idempotency-key-reused"));
    }

    @Test
    void cancel_pendingOrder_cancelsEmitsExactEventAndRecordsForwardKey() throws Exception {
        String payment = id("pay"), customer = id("c"), createKey = payment + ":create_order";
        String cancelKey = payment + ":cancel_order";
        String orderId = create(createKey, payment, customer);

        post("/v1/orders:cancel", cancelKey, cancelBody(payment, customer, createKey)).then().statusCode(200)
                .body("state", equalTo("CANCELLED")).body("orderId", equalTo(orderId));

        given().get("/v1/orders/{id}", orderId).then()
                .body("state", equalTo("CANCELLED")).body("cancelReason", equalTo("payment failed"));
        var events = events(orderId);
        assertEquals(1, events.size());
        var event = events.getFirst();
        assertEquals(EventTypes.ORDER_CANCELLED + ":" + cancelKey, event.id());
        assertEquals(EventTypes.ORDER_CANCELLED, event.type());
        assertEquals(orderId, event.subject());
        EventSchemas.requireValid(event.type(), event.data());
        assertEquals(json("""
                {"orderId":"%s","paymentId":"%s","customerId":"%s","reason":"payment failed"}"""
                .formatted(orderId, payment, customer)), event.json());
        assertEquals(List.of(new IdempotentCommands.Compensation(cancelKey, "order.cancel")),
                commands.compensationsOf(createKey).await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void cancel_sameKeyTwice_replaysWithoutSecondEvent() throws Exception {
        String payment = id("pay"), customer = id("c"), createKey = payment + ":create_order";
        String cancelKey = payment + ":cancel_order";
        String orderId = create(createKey, payment, customer);
        post("/v1/orders:cancel", cancelKey, cancelBody(payment, customer, createKey)).then().statusCode(200);

        post("/v1/orders:cancel", cancelKey, cancelBody(payment, customer, createKey)).then().statusCode(200)
                .header("Idempotent-Replayed", "true")
                .body("state", equalTo("CANCELLED")).body("orderId", equalTo(orderId));
        assertEquals(1, events(orderId).size());
    }

    @Test
    void cancel_cancelledOrderUnderAnotherKey_answersCancelledWithoutSecondEvent() throws Exception {
        String payment = id("pay"), customer = id("c"), createKey = payment + ":create_order";
        String orderId = create(createKey, payment, customer);
        post("/v1/orders:cancel", payment + ":cancel_order", cancelBody(payment, customer, createKey)).then()
                .statusCode(200);

        post("/v1/orders:cancel", id("again"), cancelBody(payment, customer, createKey)).then().statusCode(200)
                .body("state", equalTo("CANCELLED")).body("orderId", equalTo(orderId));
        assertEquals(1, events(orderId).size());
    }

    @Test
    void cancel_beforeCreate_nothingToCancelAndLateCreateIs409Compensated() throws Exception {
        String payment = id("pay"), customer = id("c"), createKey = payment + ":create_order";
        String cancelKey = payment + ":cancel_order";

        post("/v1/orders:cancel", cancelKey, cancelBody(payment, customer, createKey)).then().statusCode(200)
                .body("state", equalTo("NOTHING_TO_CANCEL"))
                .body("containsKey('orderId')", equalTo(false));

        post("/v1/orders", createKey, createBody(payment, customer)).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:compensated"));
        assertEquals(0, count("SELECT count(*) FROM customer_order WHERE payment_id = ?", payment));
        assertEquals(List.of(new IdempotentCommands.Compensation(cancelKey, "order.cancel")),
                commands.compensationsOf(createKey).await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void cancel_confirmedOrder_409AndOrderStaysConfirmed() throws Exception {
        String payment = id("pay"), customer = id("c"), createKey = payment + ":create_order";
        String orderId = create(createKey, payment, customer);
        post("/v1/orders:confirm", payment + ":confirm_order", confirmBody(payment, customer, createKey)).then()
                .statusCode(200);

        post("/v1/orders:cancel", payment + ":cancel_order", cancelBody(payment, customer, createKey)).then()
                .statusCode(409)
                .body("type", equalTo("urn:baton:problem:order-confirmed"))
                .body("detail", equalTo(("Order %s is CONFIRMED: a compensation does not cancel a confirmed order "
                        + "(its money is returned by a refund)").formatted(orderId)));

        given().get("/v1/orders/{id}", orderId).then().body("state", equalTo("CONFIRMED"));
        assertEquals(List.of(EventTypes.ORDER_CONFIRMED), events(orderId).stream().map(e -> e.type()).toList());
        // The refused compensation rolled back whole: a retry is judged afresh.
        assertEquals(List.of(), commands.compensationsOf(createKey).await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void cancel_keyEqualToForwardKey_422() {
        String payment = id("pay"), customer = id("c"), createKey = payment + ":create_order";
        create(createKey, payment, customer);

        post("/v1/orders:cancel", createKey, cancelBody(payment, customer, createKey)).then().statusCode(422)
                .body("type", equalTo("urn:baton:problem:compensation-key-reused"));
    }

    @Test
    void faultBeforeConfirm_forThisCustomer_answers503AppliesNothingAndRetryApplies() throws Exception {
        String payment = id("pay"), customer = id("c"), createKey = payment + ":create_order";
        String orderId = create(createKey, payment, customer);
        given().contentType(ContentType.JSON).body(Map.of("operation", "order.confirm", "customerId", customer,
                "status", 503, "when", "BEFORE", "times", 1)).post("/v1/faults").then().statusCode(201);

        String confirmKey = payment + ":confirm_order";
        post("/v1/orders:confirm", confirmKey, confirmBody(payment, customer, createKey)).then().statusCode(503)
                .body("type", equalTo("urn:baton:problem:injected-fault"));
        given().get("/v1/orders/{id}", orderId).then().body("state", equalTo("PENDING"));
        assertEquals(0, events(orderId).size());

        post("/v1/orders:confirm", confirmKey, confirmBody(payment, customer, createKey)).then().statusCode(200)
                .header("Idempotent-Replayed", nullValue()).body("state", equalTo("CONFIRMED"));
        assertEquals(1, events(orderId).size());
    }

    @Test
    void faultAfterCreate_forThisCustomer_effectCommitsAndRetryReplaysIt() throws Exception {
        String payment = id("pay"), customer = id("c"), createKey = payment + ":create_order";
        given().contentType(ContentType.JSON).body(Map.of("operation", "order.create", "customerId", customer,
                "when", "AFTER", "times", 1)).post("/v1/faults").then().statusCode(201);

        post("/v1/orders", createKey, createBody(payment, customer)).then().statusCode(500)
                .body("type", equalTo("urn:baton:problem:injected-fault"));
        assertEquals(1, count("SELECT count(*) FROM customer_order WHERE payment_id = ?", payment));

        String orderId = post("/v1/orders", createKey, createBody(payment, customer)).then().statusCode(201)
                .header("Idempotent-Replayed", "true").extract().path("orderId");
        given().get("/v1/orders?paymentId={p}", payment).then().body("orderId", equalTo(List.of(orderId)));
    }
}
