package dev.baton.taskqueue;

import java.time.Instant;

/**
 * A stored queue.
 *
 * @param name full resource name
 * @param state dispatch state
 * @param rateLimits dispatch limits
 * @param retry retryConfig
 * @param purgeTime last PurgeQueue, or null
 */
public record Queue(String name, QueueState state, RateLimits rateLimits, RetryPolicy retry, Instant purgeTime) {

    /**
     * A queue's rate limits.
     *
     * @param maxDispatchesPerSecond token refill rate
     * @param maxBurstSize bucket size: most dispatches in a burst after idling
     * @param maxConcurrentDispatches most attempts in flight at once, over all instances
     */
    public record RateLimits(double maxDispatchesPerSecond, int maxBurstSize, int maxConcurrentDispatches) {

        /** Cloud Tasks' defaults: 500/s, bucket 100, 1000 concurrent. */
        public static final RateLimits DEFAULT = new RateLimits(500, 100, 1000);

        /** The bucket size Cloud Tasks would pick for a rate: a fifth of a second's worth, at least 1. */
        public static int defaultBurst(double maxDispatchesPerSecond) {
            return (int) Math.max(1, Math.ceil(maxDispatchesPerSecond / 5));
        }
    }
}
