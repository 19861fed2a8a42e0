package dev.baton.loyalty;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.EventSchemas;
import dev.baton.contracts.EventTypes;
import dev.baton.platform.events.CloudEventCodec;
import dev.baton.platform.events.WireMessage;
import dev.baton.platform.testing.RabbitAdmin;
import dev.baton.platform.testing.TestBroker;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loyalty as a subscriber, end to end: real CloudEvents published to the real RabbitMQ (this run's own
 * exchange, see {@link LoyaltyTestIsolation}), consumed through the inbox, checked through the API and the tables.
 * Every test uses its own customer and order ids.
 */
@QuarkusTest
class LoyaltySubscriberTest {

    static String config(String key) {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue(key, String.class);
    }
    static final String ORDER_SOURCE = "/baton/order";
    static final String GATEWAY_SOURCE = "/baton/payment-gateway";
    private static TestBroker broker;

    @BeforeAll
    static void connect() throws Exception {
        broker = new TestBroker(config("baton.events.exchange"));
    }

    @AfterAll
    static void disconnect() throws Exception {
        broker.close();
    }

    static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static CloudEvent orderConfirmed(String customer, String order, long amountMinor, String currency) {
        String json = """
                {"orderId":"%s","paymentId":"pay-%s","customerId":"%s","customerEmail":"%s@example.com",
                 "amountMinor":%d,"currency":"%s",
                 "lineItems":[{"sku":"SKU-1","description":"Thing","quantity":1,"unitAmountMinor":%d}]}"""
                .formatted(order, order, customer, customer, amountMinor, currency, amountMinor);
        var event = TestBroker.event(ORDER_SOURCE, EventTypes.ORDER_CONFIRMED, order, json);
        // The producer side of the contract check: what we publish here must be what order will publish.
        EventSchemas.requireValid(event.getType(), event.getData().toBytes());
        return event;
    }

    static CloudEvent refunded(String customer, String order, String refund, long amountMinor, String currency) {
        String json = """
                {"refundId":"%s","paymentId":"pay-%s","orderId":"%s","customerId":"%s",
                 "customerEmail":"%s@example.com","amountMinor":%d,"currency":"%s"}"""
                .formatted(refund, order, order, customer, customer, amountMinor, currency);
        var event = TestBroker.event(GATEWAY_SOURCE, EventTypes.PAYMENT_REFUNDED, "pay-" + order, json);
        EventSchemas.requireValid(event.getType(), event.getData().toBytes());
        return event;
    }

    static CloudEvent cancelled(String customer, String order) {
        String json = """
                {"orderId":"%s","paymentId":"pay-%s","customerId":"%s","reason":"payment failed"}"""
                .formatted(order, order, customer);
        var event = TestBroker.event(ORDER_SOURCE, EventTypes.ORDER_CANCELLED, order, json);
        EventSchemas.requireValid(event.getType(), event.getData().toBytes());
        return event;
    }

    /** Runs one statement on this run's database (test fixtures only). */
    static void sql(String statement) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + config("baton.db.name"),
                "postgres", "");
                var s = c.createStatement()) {
            s.execute(statement);
        }
    }

    static long balance(String customer) {
        var response = given().get("/v1/loyalty/customers/{c}", customer);
        return response.statusCode() == 200 ? response.jsonPath().getLong("balance") : -1;
    }

    static void awaitBalance(String customer, long expected) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(expected, balance(customer)));
    }

    static long count(String sql, String arg) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + config("baton.db.name"),
                "postgres", "");
                var ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static List<JsonPath> deadLetters() {
        return given().get("/v1/dead-letters?state=ALL&limit=1000").then().statusCode(200).extract().jsonPath()
                .getList("$", java.util.Map.class).stream().map(m -> new JsonPath(new com.fasterxml.jackson.databind
                        .ObjectMapper().valueToTree(m).toString())).toList();
    }

    static JsonPath deadLetterFor(String eventId) {
        return deadLetters().stream().filter(d -> eventId.equals(d.getString("eventId"))).findFirst().orElse(null);
    }

    @Test
    void orderConfirmed_newCustomer_earnsPointsPerWholeUnitAndShowsHistory() throws Exception {
        String customer = id("c");
        String order = id("o");
        broker.publish(orderConfirmed(customer, order, 12_345, "EUR"));

        awaitBalance(customer, 123);
        given().get("/v1/loyalty/customers/{c}/history", customer).then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].orderId", equalTo(order))
                .body("[0].kind", equalTo("EARNED"))
                .body("[0].reference", equalTo(order))
                .body("[0].points", equalTo(123));
    }

    @Test
    void orderConfirmed_zeroDecimalCurrency_countsWholeYen() throws Exception {
        String customer = id("c");
        broker.publish(orderConfirmed(customer, id("o"), 1_500, "JPY"));
        awaitBalance(customer, 1_500);
    }

    @Test
    void orderConfirmed_deliveredThreeTimesInBothModes_appliedOnce() throws Exception {
        String customer = id("c");
        String order = id("o");
        CloudEvent event = orderConfirmed(customer, order, 10_000, "USD");
        broker.publish(event);
        broker.publishStructured(event);
        broker.publish(event);
        // A marker event after the duplicates: once it is applied, the duplicates ahead of it were consumed.
        String marker = id("o");
        broker.publish(orderConfirmed(customer, marker, 100, "USD"));

        awaitBalance(customer, 101);
        assertEquals(1, count("SELECT count(*) FROM baton_platform.inbox_message WHERE event_id = ?", event.getId()));
        assertEquals(2, count("SELECT count(*) FROM points_entry WHERE customer_id = ?", customer));
    }

    @Test
    void refund_partialThenRest_reversesProportionallyThenAll() throws Exception {
        String customer = id("c");
        String order = id("o");
        broker.publish(orderConfirmed(customer, order, 9_999, "EUR")); // 99 points
        awaitBalance(customer, 99);

        broker.publish(refunded(customer, order, id("r"), 3_333, "EUR")); // a third: floor(99 * 3333 / 9999) = 33
        awaitBalance(customer, 66);
        broker.publish(refunded(customer, order, id("r"), 6_666, "EUR")); // the rest
        awaitBalance(customer, 0);

        assertEquals(1, count("SELECT count(*) FROM order_points WHERE order_id = ? AND state = 'REVERSED'", order));
        given().get("/v1/loyalty/customers/{c}/history", customer).then().statusCode(200)
                .body("points", equalTo(List.of(-66, -33, 99)));
    }

    @Test
    void malformedEvent_missingId_deadLetteredWithReasonAndConsumptionGoesOn() throws Exception {
        String customer = id("c");
        CloudEvent good = orderConfirmed(customer, id("o"), 500, "EUR");
        var headers = new HashMap<>(CloudEventCodec.toAmqp(good).headers());
        headers.remove("cloudEvents_id");
        String marker = "malformed-" + UUID.randomUUID();
        headers.put("x-test-marker", marker);
        String deadLetterQueue = config("baton.events.subscriber.queue") + ".dead-letter";
        long dlqBefore = broker.messageCount(deadLetterQueue);

        broker.publishRaw(EventTypes.ORDER_CONFIRMED,
                new WireMessage(headers, "application/json", good.getData().toBytes()));
        broker.publish(good);

        awaitBalance(customer, 5);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(deadLetters().stream()
                .anyMatch(d -> marker.equals(d.getString("headers.x-test-marker")))));
        JsonPath letter = deadLetters().stream().filter(d -> marker.equals(d.getString("headers.x-test-marker")))
                .findFirst().orElseThrow();
        assertEquals("malformed CloudEvent: missing required CloudEvent attribute 'id'", letter.getString("reason"));
        assertEquals("DEAD", letter.getString("state"));
        assertEquals("RABBITMQ", letter.getString("transport"));
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(deadLetterQueue) > dlqBefore);
    }

    @Test
    void contractViolation_lowerCaseCurrency_deadLetteredAtOnceAsPoison() throws Exception {
        String customer = id("c");
        String order = id("o");
        String json = """
                {"orderId":"%s","paymentId":"p","customerId":"%s","customerEmail":"x@example.com",
                 "amountMinor":100,"currency":"eur","lineItems":[]}""".formatted(order, customer);
        CloudEvent bad = TestBroker.event(ORDER_SOURCE, EventTypes.ORDER_CONFIRMED, order, json);
        broker.publish(bad);

        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetterFor(bad.getId()) != null);
        assertEquals("poison: contract violation: /currency: does not match the regex pattern ^[A-Z]{3}$",
                deadLetterFor(bad.getId()).getString("reason"));
        assertEquals(1, count("SELECT count(*) FROM baton_platform.inbox_message WHERE event_id = ? AND state = 'DEAD'"
                + " AND attempts = 1", bad.getId()));
        assertEquals(-1, balance(customer));
    }

    @Test
    void deadLetteredEvent_causeRemoved_replayAppliesItOnce() throws Exception {
        String customer = id("c");
        String order = id("o");
        // A fault the handler cannot get past (as a broken database object would be): every attempt rolls back.
        String trigger = "refuse_" + customer.replace("-", "_");
        sql("CREATE FUNCTION " + trigger + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "RAISE EXCEPTION 'test: points_entry refused for %', NEW.customer_id; END $$");
        sql("CREATE TRIGGER " + trigger + " BEFORE INSERT ON points_entry FOR EACH ROW WHEN (NEW.customer_id = '"
                + customer + "') EXECUTE FUNCTION " + trigger + "()");
        CloudEvent confirmed = orderConfirmed(customer, order, 1_000, "EUR");
        broker.publish(confirmed);

        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetterFor(confirmed.getId()) != null);
        JsonPath letter = deadLetterFor(confirmed.getId());
        assertTrue(letter.getString("reason").startsWith("gave up after 3 attempts: ")
                && letter.getString("reason").contains("test: points_entry refused for " + customer),
                letter.getString("reason"));
        assertEquals(-1, balance(customer));

        sql("DROP TRIGGER " + trigger + " ON points_entry");
        given().post("/v1/dead-letters/{id}/replay", letter.getLong("id")).then().statusCode(200)
                .body("outcome", equalTo("APPLIED"));
        assertEquals(10, balance(customer));
        given().post("/v1/dead-letters/{id}/replay", letter.getLong("id")).then().statusCode(409);
        given().post("/v1/dead-letters/{id}/replay", 999_999_999L).then().statusCode(404);
        // The broker redelivering the original now changes nothing.
        broker.publish(confirmed);
        broker.publish(orderConfirmed(customer, id("o"), 200, "EUR"));
        awaitBalance(customer, 12);
        assertEquals("REPLAYED", deadLetterFor(confirmed.getId()).getString("state"));
    }

    @Test
    void brokerConnectionClosedMidStream_nothingLostNothingAppliedTwice() throws Exception {
        String customer = id("c");
        int orders = 120;
        for (int i = 1; i <= orders; i++) {
            broker.publish(orderConfirmed(customer, id("o"), i * 100L, "EUR")); // i points each
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> balance(customer) > 0);
        assertTrue(RabbitAdmin.closeConnectionsNamed(
                "baton-" + config("baton.events.client-name") + "-subscriber") >= 1, "subscriber connection closed");

        awaitBalance(customer, (long) orders * (orders + 1) / 2);
        assertEquals(orders, count("SELECT count(*) FROM points_entry WHERE customer_id = ?", customer));
    }
}
