package dev.baton.checkout;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Helpers the checkout tests share: authenticated requests, request bodies, and direct reads of the tables. */
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

    /** Rows of {@code sql} in this run's database, each column by name. */
    public static List<Map<String, Object>> rows(String sql, Object... args) {
        String db = ConfigProvider.getConfig().getValue("baton.db.name", String.class);
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db, "postgres", "");
                var s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            var out = new ArrayList<Map<String, Object>>();
            if (!s.execute()) {
                return out;
            }
            try (var rs = s.getResultSet()) {
                var meta = rs.getMetaData();
                while (rs.next()) {
                    var row = new LinkedHashMap<String, Object>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The single row of {@code sql}. */
    public static Map<String, Object> row(String sql, Object... args) {
        var rows = rows(sql, args);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row of " + sql + ", got " + rows.size());
        }
        return rows.getFirst();
    }

    /** The payment's row. */
    public static Map<String, Object> paymentRow(UUID id) {
        return row("SELECT * FROM payment WHERE id = ?", id);
    }
}
