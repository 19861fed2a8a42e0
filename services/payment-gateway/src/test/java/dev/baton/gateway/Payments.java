package dev.baton.gateway;

import static dev.baton.platform.testing.TestDatabase.count;
import static dev.baton.platform.testing.TestDatabase.rows;
import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One payment as the saga drives it through the gateway, with the saga's keys ({@code <paymentId>:<step>}), and
 * the helpers the tests share: commands over HTTP, rows straight from the database (the platform's TestDatabase).
 */
record Payments(String paymentId, String customerId) {

    static Payments fresh() {
        return new Payments("pay-" + UUID.randomUUID(), "cus-" + UUID.randomUUID());
    }

    String key(String step) {
        return paymentId + ":" + step;
    }

    Map<String, Object> authorizeBody(long amountMinor, String currency, String token) {
        return body("amountMinor", amountMinor, "currency", currency, "paymentMethodToken", token);
    }

    Response authorize(String token, long amountMinor) {
        return command("/v1/authorizations", key("authorize"), authorizeBody(amountMinor, "EUR", token));
    }

    Response voidIt(String voidKey, String forwardKey) {
        return command("/v1/authorizations:void", voidKey,
                body("forwardKey", forwardKey, "reason", "payment saga compensation"));
    }

    Response capture(long amountMinor) {
        return capture(key("capture"), amountMinor);
    }

    Response capture(String captureKey, long amountMinor) {
        return command("/v1/captures", captureKey,
                body("authorizeKey", key("authorize"), "amountMinor", amountMinor));
    }

    Map<String, Object> refundBody(String forwardKey, Long amountMinor) {
        var body = body("forwardKey", forwardKey, "orderId", "ord-" + paymentId, "customerEmail",
                "buyer@example.com", "reason", "payment failed after capture");
        if (amountMinor != null) {
            body.put("amountMinor", amountMinor);
        }
        return body;
    }

    Response refund(String refundKey, Long amountMinor) {
        return command("/v1/refunds", refundKey, refundBody(key("capture"), amountMinor));
    }

    /** paymentId and customerId, then the given name/value pairs. */
    Map<String, Object> body(Object... pairs) {
        var body = new LinkedHashMap<String, Object>();
        body.put("paymentId", paymentId);
        body.put("customerId", customerId);
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    static Response command(String path, String key, Object body) {
        // The colon of authorizations:void stays literal, as the task queue sends it.
        var request = given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post(path);
    }

    long authorizations() {
        return count("SELECT count(*) FROM payment_authorization WHERE payment_id = ?", paymentId);
    }

    Map<String, Object> authorizationRow() {
        var all = rows("SELECT * FROM payment_authorization WHERE payment_id = ?", paymentId);
        if (all.size() != 1) {
            throw new AssertionError("expected one authorization of " + paymentId + ", found " + all.size());
        }
        return all.getFirst();
    }

    /** Is {@code key} in the command log at all (applied or tombstoned)? */
    static boolean logged(String key) {
        return count("SELECT count(*) FROM baton_platform.command_log WHERE idempotency_key = ?", key) > 0;
    }

    /** The outbox rows about this payment, oldest first. */
    List<Map<String, Object>> events() {
        return rows("SELECT event_id, type, subject, aggregate_id, convert_from(data, 'UTF8') AS data"
                + " FROM baton_platform.outbox_event WHERE aggregate_id = ? ORDER BY id", paymentId);
    }
}
