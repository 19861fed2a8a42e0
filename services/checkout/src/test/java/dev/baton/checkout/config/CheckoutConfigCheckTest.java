package dev.baton.checkout.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckoutConfigCheckTest {

    record Create(Duration timeout, int maxRetries, Duration retryDelay, Duration retryJitter)
            implements CheckoutConfig.Create {
    }

    record Read(Duration timeout) implements CheckoutConfig.Read {
    }

    record Breaker(int requestVolumeThreshold, double failureRatio, Duration delay, int successThreshold)
            implements CheckoutConfig.CircuitBreaker {
    }

    record Engine(URI url, String project, String location, String workflow, CheckoutConfig.Create create,
            CheckoutConfig.Read read, CheckoutConfig.CircuitBreaker circuitBreaker) implements CheckoutConfig.Engine {
        @Override
        public String abortWorkflow() {
            return "payment-abort";
        }
    }

    record Start(boolean enabled, Duration pollInterval, int batchSize, Duration lease, Duration initialBackoff,
            Duration maxBackoff) implements CheckoutConfig.Start {
    }

    record Idempotency(Duration retention, Duration cleanupInterval) implements CheckoutConfig.Idempotency {
    }

    record Reconcile(boolean enabled, Duration age, Duration recheckInterval, Duration pollInterval, int batchSize,
            Duration lease) implements CheckoutConfig.Reconcile {
    }

    record Config(List<String> apiKeys, CheckoutConfig.Engine engine, CheckoutConfig.Start start,
            CheckoutConfig.Reconcile reconcile, CheckoutConfig.Idempotency idempotency) implements CheckoutConfig {
    }

    /** The documented defaults, with the given lease, retention and keys. */
    private static Config config(Duration lease, Duration retention, List<String> keys) {
        return config(lease, retention, keys, Duration.ofSeconds(30));
    }

    /** The documented defaults, with the given leases, retention and keys. */
    private static Config config(Duration lease, Duration retention, List<String> keys, Duration reconcileLease) {
        var engine = new Engine(URI.create("http://127.0.0.1:8082"), "baton", "local", "payment",
                new Create(Duration.ofSeconds(3), 2, Duration.ofMillis(200), Duration.ofMillis(100)),
                new Read(Duration.ofSeconds(1)), new Breaker(10, 0.5, Duration.ofSeconds(5), 2));
        return new Config(keys, engine, new Start(true, Duration.ofSeconds(1), 16, lease, Duration.ofSeconds(1),
                Duration.ofMinutes(5)), new Reconcile(true, Duration.ofMinutes(2), Duration.ofMinutes(1),
                Duration.ofSeconds(5), 16, reconcileLease), new Idempotency(retention, Duration.ofHours(1)));
    }

    @Test
    void check_defaults_pass() {
        assertDoesNotThrow(() -> CheckoutConfigCheck.check(config(Duration.ofSeconds(60), Duration.ofHours(24),
                List.of("k"))));
    }

    @Test
    void check_retentionUnder24h_isRefused() {
        var e = assertThrows(IllegalStateException.class, () -> CheckoutConfigCheck.check(
                config(Duration.ofSeconds(60), Duration.ofHours(23), List.of("k"))));
        assertEquals("baton.checkout.idempotency.retention must be at least 24h (clients may retry for a day), got"
                + " PT23H", e.getMessage());
    }

    @Test
    void check_leaseNotLongerThanACreateWithRetries_isRefused() {
        // 3 attempts × 3s + 2 waits × 300ms = 9.6s
        var e = assertThrows(IllegalStateException.class, () -> CheckoutConfigCheck.check(
                config(Duration.ofMillis(9600), Duration.ofHours(24), List.of("k"))));
        assertEquals("baton.checkout.start.lease (PT9.6S) must exceed the longest create call with retries (PT9.6S),"
                + " or a slow attempt and the starter could both create an execution", e.getMessage());
    }

    @Test
    void check_reconcileLeaseNotLongerThanARead_isRefused() {
        var e = assertThrows(IllegalStateException.class, () -> CheckoutConfigCheck.check(
                config(Duration.ofSeconds(60), Duration.ofHours(24), List.of("k"), Duration.ofSeconds(1))));
        assertEquals("baton.checkout.reconcile.lease (PT1S) must exceed baton.checkout.engine.read.timeout (PT1S),"
                + " or a look still reading the execution could be claimed again", e.getMessage());
    }

    @Test
    void check_noApiKey_isRefused() {
        assertThrows(IllegalStateException.class, () -> CheckoutConfigCheck.check(
                config(Duration.ofSeconds(60), Duration.ofHours(24), List.of(" "))));
    }
}
