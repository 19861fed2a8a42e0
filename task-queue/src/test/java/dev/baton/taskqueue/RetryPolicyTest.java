package dev.baton.taskqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoff_documentedExample_doublesThenLinearThenCapped() {
        // Cloud Tasks' RetryConfig reference: minBackoff 10s, maxBackoff 300s, maxDoublings 3 retries after
        // 10, 20, 40, 80 s, then grows by 2^3 * 10 s (160, 240) and stays at 300 s.
        var policy = new RetryPolicy(-1, Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(300), 3);
        List<Long> seconds = IntStream.rangeClosed(1, 9).mapToObj(k -> policy.backoff(k).toSeconds()).toList();
        assertEquals(List.of(10L, 20L, 40L, 80L, 160L, 240L, 300L, 300L, 300L), seconds);
    }

    @Test
    void backoff_zeroDoublings_growsLinearlyFromTheStart() {
        var policy = new RetryPolicy(-1, Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(2), 0);
        List<Long> millis = IntStream.rangeClosed(1, 6).mapToObj(k -> policy.backoff(k).toMillis()).toList();
        assertEquals(List.of(500L, 1000L, 1500L, 2000L, 2000L, 2000L), millis);
    }

    @Test
    void backoff_defaultsAfterManyRetries_saturatesAtMaxBackoff() {
        assertEquals(Duration.ofSeconds(3600), RetryPolicy.DEFAULT.backoff(1000));
        assertEquals(Duration.ofMillis(100), RetryPolicy.DEFAULT.backoff(1));
        assertEquals(Duration.ofMillis(200), RetryPolicy.DEFAULT.backoff(2));
    }

    @Test
    void shouldRetry_attemptsExhaustedWithoutDuration_stops() {
        var policy = new RetryPolicy(3, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), 0);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        assertTrue(policy.shouldRetry(2, t0, t0.plusSeconds(5)));
        assertFalse(policy.shouldRetry(3, t0, t0.plusSeconds(5)));
    }

    @Test
    void shouldRetry_attemptsExhaustedButDurationLeft_keepsRetryingUntilBothAreReached() {
        var policy = new RetryPolicy(2, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(1), 0);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        assertTrue(policy.shouldRetry(5, t0, t0.plus(Duration.ofMinutes(9))));
        assertFalse(policy.shouldRetry(5, t0, t0.plus(Duration.ofMinutes(10))));
        assertTrue(policy.shouldRetry(1, t0, t0.plus(Duration.ofMinutes(11))));
    }

    @Test
    void shouldRetry_unlimitedAttempts_neverStops() {
        var policy = new RetryPolicy(-1, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), 0);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        assertTrue(policy.shouldRetry(1_000_000, t0, t0.plus(Duration.ofDays(30))));
    }
}
