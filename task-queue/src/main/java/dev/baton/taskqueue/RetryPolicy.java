package dev.baton.taskqueue;

import java.time.Duration;
import java.time.Instant;

/**
 * A queue's retryConfig and Cloud Tasks' retry rules, as pure functions of the attempt count and time so they can
 * be tested against the documented formula without a clock.
 *
 * @param maxAttempts attempts per task including the first; -1 for unlimited
 * @param maxRetryDuration retry limit measured from the first attempt; zero for unlimited
 * @param minBackoff delay before the first retry
 * @param maxBackoff cap of every delay
 * @param maxDoublings how many times the delay doubles before it grows linearly
 */
public record RetryPolicy(int maxAttempts, Duration maxRetryDuration, Duration minBackoff, Duration maxBackoff,
        int maxDoublings) {

    /** Cloud Tasks' defaults for a queue created without retryConfig. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(100, Duration.ZERO, Duration.ofMillis(100),
            Duration.ofSeconds(3600), 16);

    /**
     * Delay before retry number {@code retry} (1 = the retry after the first failed attempt). The interval starts at
     * minBackoff, doubles maxDoublings times, then grows linearly by {@code minBackoff * 2^maxDoublings} per retry,
     * and never exceeds maxBackoff. With 10s/300s/3 that is 10, 20, 40, 80, 160, 240, 300, 300... seconds.
     */
    public Duration backoff(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, got " + retry);
        }
        long min = minBackoff.toNanos();
        long max = maxBackoff.toNanos();
        int doublings = Math.min(retry - 1, maxDoublings);
        long delay = shiftSaturated(min, doublings);
        if (retry - 1 > maxDoublings) {
            long step = shiftSaturated(min, maxDoublings);
            long linearSteps = (long) retry - 1 - maxDoublings;
            delay = saturatedAdd(delay, multiplySaturated(step, linearSteps));
        }
        return Duration.ofNanos(Math.min(delay, max));
    }

    /**
     * Whether an attempt that just failed is retried. Cloud Tasks stops only when both limits are reached: the task
     * has been attempted maxAttempts times and maxRetryDuration has passed since its first attempt (a zero duration
     * counts as reached; -1 attempts never is).
     *
     * @param attempts attempts made so far, including the one that just failed
     * @param firstAttempt dispatch time of the first attempt
     * @param now the time of the failure
     */
    public boolean shouldRetry(int attempts, Instant firstAttempt, Instant now) {
        boolean attemptsReached = maxAttempts != -1 && attempts >= maxAttempts;
        boolean durationReached = maxRetryDuration.isZero()
                || !now.isBefore(firstAttempt.plus(maxRetryDuration));
        return !(attemptsReached && durationReached);
    }

    private static long shiftSaturated(long value, int bits) {
        if (value == 0) {
            return 0;
        }
        if (bits >= 62 || value > (Long.MAX_VALUE >> bits)) {
            return Long.MAX_VALUE;
        }
        return value << bits;
    }

    private static long multiplySaturated(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
