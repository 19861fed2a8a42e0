package dev.baton.taskqueue.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The token bucket's promise, checked on the dispatch times the claiming statement stored (not on arrival times at a
 * target, which jitter): between any two dispatches, at most {@code burst + rate * seconds} dispatches. The bound is
 * exact, so the check needs no tolerance beyond floating-point noise and cannot flake on a slow machine.
 */
public final class Bucket {

    private Bucket() {
    }

    public static void assertWithinBucket(List<Instant> dispatchTimes, double rate, int burst) {
        List<Instant> sorted = new ArrayList<>(dispatchTimes);
        sorted.sort(null);
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i; j < sorted.size(); j++) {
                double seconds = Duration.between(sorted.get(i), sorted.get(j)).toNanos() / 1e9;
                int count = j - i + 1;
                double allowed = burst + rate * seconds;
                if (count > allowed + 1e-6) {
                    throw new AssertionError(count + " dispatches between " + sorted.get(i) + " and " + sorted.get(j)
                            + " (" + seconds + " s); the bucket allows " + allowed + ". All: " + sorted);
                }
            }
        }
        assertTrue(sorted.size() > burst, "too few dispatches to exercise the bucket: " + sorted.size());
    }
}
