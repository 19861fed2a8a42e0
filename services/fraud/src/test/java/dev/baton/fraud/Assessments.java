package dev.baton.fraud;

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
 * Test helpers: a fresh customer with a token of its own (so velocity never counts another test's assessments),
 * assess commands over HTTP with the saga's key shape, rows straight from the database (the platform's TestDatabase).
 */
record Assessments(String customerId, String token) {

    static Assessments fresh() {
        String id = uniqueLetters();
        return new Assessments("cus-" + id, "tok_test_" + id);
    }

    /**
     * A random UUID's 32 hex digits spelled as letters ('0' is 'g', 'f' is 'v'). Ids go through the card-number
     * filter, which refuses any run of 12 to 19 digits passing the Luhn check: plain hex has such a run often enough
     * (about one id in 300) to fail a test now and then.
     */
    static String uniqueLetters() {
        var letters = new StringBuilder(32);
        UUID.randomUUID().toString().replace("-", "").chars()
                .forEach(c -> letters.append((char) ('g' + Character.digit(c, 16))));
        return letters.toString();
    }

    static String newPayment() {
        return "pay-" + UUID.randomUUID();
    }

    /** A body for {@code paymentId} with this customer and token; extra name/value pairs override or add. */
    Map<String, Object> body(String paymentId, long amountMinor, String currency, Object... pairs) {
        var body = new LinkedHashMap<String, Object>();
        body.put("paymentId", paymentId);
        body.put("customerId", customerId);
        body.put("customerEmail", "buyer@example.com");
        body.put("amountMinor", amountMinor);
        body.put("currency", currency);
        body.put("paymentMethodToken", token);
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    /** Assesses a new payment of {@code amountMinor} EUR under key {@code <paymentId>:assess_fraud}. */
    Response assess(long amountMinor, Object... pairs) {
        String paymentId = newPayment();
        return assess(paymentId + ":assess_fraud", body(paymentId, amountMinor, "EUR", pairs));
    }

    static Response assess(String key, Object body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post("/v1/assessments");
    }

    static List<String> rules(Response answer) {
        return answer.then().extract().jsonPath().getList("reasons.rule", String.class);
    }

    long stored() {
        return count("SELECT count(*) FROM fraud_assessment WHERE customer_id = ?", customerId);
    }
}
