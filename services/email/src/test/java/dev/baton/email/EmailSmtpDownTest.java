package dev.baton.email;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.EventTypes;
import dev.baton.platform.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With no SMTP server listening, a mail is retried with backoff and then marked FAILED with the error. */
@QuarkusTest
@TestProfile(EmailSmtpDownTest.NoSmtp.class)
class EmailSmtpDownTest {

    /** Points the mailer at a port nobody listens on, and retries fast. */
    public static class NoSmtp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int closedPort;
            try (var socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", String.valueOf(closedPort),
                    "baton.email.retry-backoff", "10ms", "baton.email.max-attempts", "3");
        }
    }

    private static String config(String key) {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue(key, String.class);
    }

    private static String[] row(String recipient) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + config("baton.db.name"),
                "postgres", "");
                var ps = c.prepareStatement("SELECT state, attempts, last_error FROM email_message WHERE recipient = ?")) {
            ps.setString(1, recipient);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1), rs.getString(2), rs.getString(3)} : null;
            }
        }
    }

    @Test
    void paymentFailedNotice_smtpUnreachable_retriedThenMarkedFailedWithError() throws Exception {
        String to = "down-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        try (var broker = new TestBroker(config("baton.events.exchange"))) {
            broker.publish(TestBroker.event("/baton/checkout", EventTypes.PAYMENT_FAILED, "p", """
                    {"paymentId":"p-1","customerId":"c","customerEmail":"%s","amountMinor":100,"currency":"EUR",
                     "reason":"processing_error"}""".formatted(to)));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String[] r = row(to);
            return r != null && r[0].equals("FAILED");
        });
        String[] r = row(to);
        assertEquals("3", r[1]);
        assertTrue(r[2] != null && !r[2].isBlank(), "last_error recorded");
    }
}
