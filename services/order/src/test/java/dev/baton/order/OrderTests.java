package dev.baton.order;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.platform.testing.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Helpers the order tests share: requests, unique ids, and reads of this run's own database. */
final class OrderTests {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One row of baton_platform.outbox_event, data as parsed JSON. */
    record StoredEvent(String id, String source, String type, String subject, String aggregateId, String time,
            byte[] data) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private OrderTests() {
    }

    static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A valid create body: two line items adding up to 2599 EUR cents. */
    static Map<String, Object> createBody(String paymentId, String customerId) {
        var body = new LinkedHashMap<String, Object>();
        body.put("paymentId", paymentId);
        body.put("customerId", customerId);
        body.put("customerEmail", customerId + "@example.com");
        body.put("amountMinor", 2599);
        body.put("currency", "EUR");
        body.put("lineItems", List.of(
                Map.of("sku", "BOOK-1", "description", "A book", "quantity", 2, "unitAmountMinor", 1000),
                Map.of("description", "Gift wrap", "quantity", 1, "unitAmountMinor", 599)));
        return body;
    }

    static Response post(String path, String key, Object body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post(path);
    }

    /** Creates an order and returns its id. */
    static String create(String key, String paymentId, String customerId) {
        return post("/v1/orders", key, createBody(paymentId, customerId)).then().statusCode(201).extract()
                .path("orderId");
    }

    static Map<String, Object> confirmBody(String paymentId, String customerId, String createKey) {
        return Map.of("paymentId", paymentId, "customerId", customerId, "createOrderKey", createKey);
    }

    static Map<String, Object> cancelBody(String paymentId, String customerId, String forwardKey) {
        return Map.of("paymentId", paymentId, "customerId", customerId, "forwardKey", forwardKey,
                "reason", "payment failed");
    }

    /** The events order appended about {@code aggregateId}, in outbox order. */
    static List<StoredEvent> events(String aggregateId) throws Exception {
        try (var c = TestDatabase.connect(); var s = c.prepareStatement("""
                SELECT event_id, source, type, subject, aggregate_id, time, data FROM baton_platform.outbox_event
                WHERE aggregate_id = ? ORDER BY id""")) {
            s.setString(1, aggregateId);
            var events = new ArrayList<StoredEvent>();
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new StoredEvent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getBytes(7)));
                }
            }
            return events;
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
