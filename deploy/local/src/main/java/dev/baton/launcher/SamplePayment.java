package dev.baton.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run command's last act: one payment through checkout, followed to its end, so a developer sees the whole
 * saga work (or sees at once that it does not). JDK only, like the rest of the launcher, hence the small regex
 * reads of the JSON answers.
 */
final class SamplePayment {

    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Pattern PAYMENT_ID = Pattern.compile("\"paymentId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern REASON = Pattern.compile("\"failureReason\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*\"([^\"]+)\"");

    private SamplePayment() {
    }

    /** @return true when the payment reached a terminal state within {@code timeout} */
    static boolean send(String checkoutUrl, PrintStream out, Duration timeout) {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String body = """
                {"amountMinor": 4200, "currency": "EUR", "customerId": "sample-customer",
                 "customerEmail": "sample@example.com", "paymentMethodToken": "tok_visa",
                 "lineItems": [{"sku": "BATON-MUG", "description": "Baton mug", "quantity": 2, "unitAmountMinor": 2100}],
                 "billingCountry": "DE", "ipCountry": "DE", "description": "deploy/local/run sample payment"}""";
        try {
            var create = HttpRequest.newBuilder(URI.create(checkoutUrl + "/v1/payments"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + LocalSystem.LOCAL_API_KEY)
                    .header("Idempotency-Key", "sample-" + UUID.randomUUID())
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            var created = http.send(create, HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 202) {
                out.printf("Sample payment refused: HTTP %d %s%n", created.statusCode(), created.body());
                return false;
            }
            String id = first(PAYMENT_ID, created.body());
            out.printf("Sample payment %s: 42.00 EUR with tok_visa, sent through checkout ...%n", id);
            long deadline = System.nanoTime() + timeout.toNanos();
            String status = first(STATUS, created.body());
            String answer = created.body();
            while (!"SUCCEEDED".equals(status) && !"FAILED".equals(status)) {
                if (System.nanoTime() > deadline) {
                    out.printf("Sample payment %s is still %s after %d s; GET %s/v1/payments/%s to follow it.%n", id,
                            status, timeout.toSeconds(), checkoutUrl, id);
                    return false;
                }
                Thread.sleep(250);
                var get = HttpRequest.newBuilder(URI.create(checkoutUrl + "/v1/payments/" + id))
                        .header("Authorization", "Bearer " + LocalSystem.LOCAL_API_KEY)
                        .timeout(Duration.ofSeconds(5)).GET().build();
                answer = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
                status = first(STATUS, answer);
            }
            if ("SUCCEEDED".equals(status)) {
                out.printf("Sample payment %s SUCCEEDED: order %s confirmed, money captured, journal posted.%n", id,
                        first(ORDER_ID, answer));
            } else {
                out.printf("Sample payment %s FAILED: %s%n", id, first(REASON, answer));
            }
            return true;
        } catch (IOException e) {
            out.println("Sample payment could not be sent: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text == null ? "" : text);
        return m.find() ? m.group(1) : "?";
    }
}
