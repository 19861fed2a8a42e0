package dev.baton.taskqueue.service;

import dev.baton.taskqueue.Queue;
import dev.baton.taskqueue.Task;
import dev.baton.taskqueue.TaskState;
import dev.baton.taskqueue.repository.TaskQueries.Outcome;
import java.time.Duration;
import java.time.Instant;

/**
 * What an attempt's result means for its task, as a pure function of the queue, the task as claimed, the result
 * and "now": 2xx succeeds; anything else is retried per the queue's retryConfig (never earlier than Retry-After) or
 * fails for good.
 */
public final class Outcomes {

    private Outcomes() {
    }

    /**
     * @param status HTTP status, or null when there was no response
     * @param error what failed without a response, or null
     * @param body bounded response body, or null
     * @param reason retry reason recorded for the next attempt's X-CloudTasks-TaskRetryReason
     * @param retryAfter the target's Retry-After for 429/503, or null
     */
    public static Outcome decide(Queue queue, Task task, Instant now, Integer status, String error, byte[] body,
            String reason, Duration retryAfter) {
        if (status != null && status >= 200 && status < 300) {
            return new Outcome(task.rowId(), task.dispatchCount(), TaskState.SUCCEEDED, null, now, status, null, body,
                    null);
        }
        Instant first = task.firstAttempt() != null ? task.firstAttempt().dispatchTime() : task.attemptDispatchTime();
        if (!queue.retry().shouldRetry(task.dispatchCount(), first, now)) {
            return new Outcome(task.rowId(), task.dispatchCount(), TaskState.FAILED, null, now, status, error, body,
                    reason);
        }
        Instant next = now.plus(queue.retry().backoff(task.dispatchCount()));
        if (retryAfter != null && now.plus(retryAfter).isAfter(next)) {
            next = now.plus(retryAfter);
        }
        return new Outcome(task.rowId(), task.dispatchCount(), TaskState.PENDING, next, now, status, error, body,
                reason);
    }
}
