package dev.baton.checkout;

import static io.restassured.RestAssured.given;

import dev.baton.platform.testing.TestDatabase;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Helpers the checkout tests share: authenticated requests, request bodies, and the payment row (TestDatabase). */
public final class Api {

    /** One of the keys %test.baton.checkout.api-keys lists. */
    public static final String KEY = "test-key-1";

    private Api() {
    }

    /** A request with a valid bearer key. */
    public static RequestSpecification authed() {
        return given().header("Authorization", "Bearer " + KEY);
    }

    /** A fresh id with a readable prefix. */
    public static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A valid payment body: 2 × 1000 + 1 × 500 = 2500 EUR cents. */
    public static String payment(String customerId) {
        return payment(customerId, 2500);
    }

    public static String payment(String customerId, long amountMinor) {
        return """
                {"amountMinor": %d, "currency": "EUR", "customerId": "%s", "customerEmail": "%s@example.com",
                 "paymentMethodToken": "tok_visa_4242", "billingCountry": "DE", "ipCountry": "DE",
                 "description": "Two mugs and a spoon",
                 "lineItems": [{"sku": "MUG-1", "description": "Mug", "quantity": 2, "unitAmountMinor": 1000},
                               {"description": "Spoon", "quantity": 1, "unitAmountMinor": %d}]}"""
                .formatted(amountMinor, customerId, customerId, amountMinor - 2000);
    }

    /** The payment's row. */
    public static Map<String, Object> paymentRow(UUID id) {
        return TestDatabase.row("SELECT * FROM payment WHERE id = ?", id);
    }
}
