package dev.baton.ledger;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Helpers the ledger tests share: requests, unique ids and balances (the database: the platform's TestDatabase). */
final class LedgerTests {

    private LedgerTests() {
    }

    static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> postBody(String paymentId, String customerId, long amountMinor, String currency) {
        var body = new LinkedHashMap<String, Object>();
        body.put("paymentId", paymentId);
        body.put("customerId", customerId);
        body.put("amountMinor", amountMinor);
        body.put("currency", currency);
        return body;
    }

    static Map<String, Object> reverseBody(String paymentId, String customerId, String forwardKey) {
        return Map.of("paymentId", paymentId, "customerId", customerId, "forwardKey", forwardKey,
                "reason", "payment failed");
    }

    static Response post(String path, String key, Object body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post(path);
    }

    /** Posts a sale and returns its entry id. */
    static String postSale(String key, String paymentId, String customerId, long amountMinor, String currency) {
        return post("/v1/journal-entries", key, postBody(paymentId, customerId, amountMinor, currency)).then()
                .statusCode(201).extract().path("entryId");
    }

    /** The balance of {@code account} in {@code currency} as the API reports it; 0 when it has no lines. */
    static long balance(String account, String currency) {
        Number found = given().get("/v1/balances?currency={c}", currency).then().statusCode(200).extract()
                .path("find { it.account == '%s' }.balanceMinor".formatted(account));
        return found == null ? 0 : found.longValue();
    }
}
