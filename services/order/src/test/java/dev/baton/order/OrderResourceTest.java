package dev.baton.order;

import static dev.baton.order.OrderTests.cancelBody;
import static dev.baton.order.OrderTests.confirmBody;
import static dev.baton.order.OrderTests.create;
import static dev.baton.order.OrderTests.createBody;
import static dev.baton.order.OrderTests.id;
import static dev.baton.order.OrderTests.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Order's REST surface: bad input answered with problem+json naming the offending field, and the reads. */
@QuarkusTest
class OrderResourceTest {

    @Test
    void create_invalidFields_400WithOneViolationPerField() {
        var body = createBody("", id("c"));
        body.put("customerEmail", "not an address");
        body.put("amountMinor", -1);
        body.put("currency", "EURO");
        body.put("lineItems", List.of(Map.of("description", "", "quantity", 0, "unitAmountMinor", 5)));

        post("/v1/orders", id("k"), body).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:invalid-request"))
                .body("violations.field", equalTo(List.of("amountMinor", "currency", "customerEmail",
                        "lineItems[0].description", "lineItems[0].quantity", "paymentId")))
                .body("violations.find { it.field == 'currency' }.message",
                        equalTo("must be an ISO 4217 currency code such as EUR"));
    }

    @Test
    void create_currencyNobodyIssues_400OnCurrency() {
        var body = createBody(id("pay"), id("c"));
        body.put("currency", "ABC");

        post("/v1/orders", id("k"), body).then().statusCode(400)
                .body("violations.field", equalTo(List.of("currency")));
    }

    @Test
    void create_missingFieldsAndNoLineItems_400NamingEach() {
        post("/v1/orders", id("k"), Map.of("paymentId", id("pay"), "customerId", id("c"),
                "customerEmail", "a@example.com", "lineItems", List.of())).then().statusCode(400)
                .body("violations.field", equalTo(List.of("amountMinor", "currency", "lineItems")));
    }

    @Test
    void create_lineItemsDoNotAddUp_422OnAmountMinor() {
        var body = createBody(id("pay"), id("c"));
        body.put("amountMinor", 2500);

        post("/v1/orders", id("k"), body).then().statusCode(422)
                .body("type", equalTo("urn:baton:problem:amount-mismatch"))
                .body("violations.field", equalTo(List.of("amountMinor")))
                .body("violations[0].message", equalTo("is 2500 but the line items add up to 2599"));
    }

    @Test
    void create_lineItemsOverflowALong_422OnLineItems() {
        var body = createBody(id("pay"), id("c"));
        body.put("lineItems", List.of(Map.of("description", "Too much", "quantity", 4,
                "unitAmountMinor", Long.MAX_VALUE / 2)));

        post("/v1/orders", id("k"), body).then().statusCode(422)
                .body("violations.field", equalTo(List.of("lineItems")));
    }

    @Test
    void create_withoutIdempotencyKey_400NamingTheHeader() {
        post("/v1/orders", null, createBody(id("pay"), id("c"))).then().statusCode(400)
                .body("type", equalTo("urn:baton:problem:invalid-idempotency-key"))
                .body("violations.field", equalTo(List.of("Idempotency-Key")));
    }

    @Test
    void create_idempotencyKeyTooLong_400() {
        post("/v1/orders", "k".repeat(256), createBody(id("pay"), id("c"))).then().statusCode(400)
                .body("violations[0].message", equalTo("at most 255 characters, got 256"));
    }

    @Test
    void create_malformedJson_400WithLocation() {
        given().contentType(ContentType.JSON).header("Idempotency-Key", id("k")).body("{\"paymentId\": ")
                .post("/v1/orders").then().statusCode(400)
                .body("type", equalTo("urn:baton:problem:malformed-json"))
                .body("detail", startsWith("The request body is not the JSON this endpoint takes at line 1"));
    }

    @Test
    void confirm_missingCreateOrderKey_400() {
        post("/v1/orders:confirm", id("k"), Map.of("paymentId", id("pay"), "customerId", id("c"))).then()
                .statusCode(400).body("violations.field", equalTo(List.of("createOrderKey")));
    }

    @Test
    void cancel_missingReasonAndForwardKey_400() {
        post("/v1/orders:cancel", id("k"), Map.of("paymentId", id("pay"), "customerId", id("c"))).then()
                .statusCode(400).body("violations.field", equalTo(List.of("forwardKey", "reason")));
    }

    @Test
    void confirm_literalAndPercentEncodedColon_reachTheSameCommand() {
        String payment = id("pay"), customer = id("c"), createKey = payment + ":create_order";
        String orderId = create(createKey, payment, customer);
        var body = confirmBody(payment, customer, createKey);

        // What the task queue sends: the colon as is.
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).header("Idempotency-Key", payment + ":confirm")
                .body(body).post("/v1/orders:confirm").then().statusCode(200).body("orderId", equalTo(orderId));
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).header("Idempotency-Key", payment + ":confirm")
                .body(body).post("/v1/orders%3Aconfirm").then().statusCode(200)
                .header("Idempotent-Replayed", "true").body("orderId", equalTo(orderId));
    }

    @Test
    void get_unknownOrder_404Problem() {
        String unknown = UUID.randomUUID().toString();
        given().get("/v1/orders/{id}", unknown).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:order-not-found"))
                .body("detail", equalTo("No order " + unknown));
    }

    @Test
    void get_idNotAUuid_400OnId() {
        given().get("/v1/orders/{id}", "42").then().statusCode(400)
                .body("violations.field", equalTo(List.of("id")))
                .body("violations[0].message", equalTo("must be a UUID"));
    }

    @Test
    void list_byCustomerPaymentAndState_returnsMatchesNewestFirst() {
        String customer = id("c");
        String firstPayment = id("pay"), secondPayment = id("pay");
        String first = create(firstPayment + ":create_order", firstPayment, customer);
        String second = create(secondPayment + ":create_order", secondPayment, customer);
        create(id("pay") + ":create_order", id("pay"), id("c"));
        post("/v1/orders:confirm", id("k"), confirmBody(firstPayment, customer, firstPayment + ":create_order"))
                .then().statusCode(200);
        post("/v1/orders:cancel", id("k"), cancelBody(secondPayment, customer, secondPayment + ":create_order"))
                .then().statusCode(200);

        given().get("/v1/orders?customerId={c}", customer).then().statusCode(200)
                .body("orderId", equalTo(List.of(second, first)));
        given().get("/v1/orders?customerId={c}&state=CONFIRMED", customer).then()
                .body("orderId", equalTo(List.of(first)));
        given().get("/v1/orders?paymentId={p}", secondPayment).then()
                .body("orderId", equalTo(List.of(second))).body("[0].state", equalTo("CANCELLED"));
        given().get("/v1/orders?customerId={c}&limit=1", customer).then().body("orderId", equalTo(List.of(second)));
        given().get("/v1/orders?paymentId={p}", id("pay")).then().statusCode(200).body("size()", equalTo(0));
        given().get("/v1/orders?paymentId=&customerId={c}&state=", customer).then().statusCode(200)
                .body("orderId", equalTo(List.of(second, first)));
    }

    @Test
    void list_unknownStateOrLimitOutOfRange_400NamingTheParameter() {
        given().get("/v1/orders?state=SHIPPED").then().statusCode(400)
                .body("violations.field", equalTo(List.of("state")));
        given().get("/v1/orders?limit=0").then().statusCode(400)
                .body("violations.field", equalTo(List.of("limit")));
    }

    @Test
    void openapi_commands_documentedUnderOrdersTag() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/v1/orders:cancel'.post.tags", hasItem("orders"))
                .body("paths.'/v1/orders:confirm'.post.summary", startsWith("Confirm the order"))
                .body("paths.'/v1/orders/{id}'.get.tags", hasItem("orders"));
    }
}
