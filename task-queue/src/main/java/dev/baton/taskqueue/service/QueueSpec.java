package dev.baton.taskqueue.service;

import java.time.Duration;

/**
 * Queue settings as given by a caller; null fields were not given (create: take the default; patch: keep).
 *
 * @param maxDispatchesPerSecond rateLimits.maxDispatchesPerSecond
 * @param maxBurstSize rateLimits.maxBurstSize (output-only in Cloud Tasks; we accept it)
 * @param maxConcurrentDispatches rateLimits.maxConcurrentDispatches
 * @param maxAttempts retryConfig.maxAttempts
 * @param maxRetryDuration retryConfig.maxRetryDuration
 * @param minBackoff retryConfig.minBackoff
 * @param maxBackoff retryConfig.maxBackoff
 * @param maxDoublings retryConfig.maxDoublings
 */
public record QueueSpec(Double maxDispatchesPerSecond, Integer maxBurstSize, Integer maxConcurrentDispatches,
        Integer maxAttempts, Duration maxRetryDuration, Duration minBackoff, Duration maxBackoff,
        Integer maxDoublings) {

    /** Nothing given. */
    public static final QueueSpec EMPTY = new QueueSpec(null, null, null, null, null, null, null, null);
}
