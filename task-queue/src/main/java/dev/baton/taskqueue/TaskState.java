package dev.baton.taskqueue;

/**
 * Life of one task row. Mirrored by the CHECK constraint on {@code task.state}; every transition is an
 * {@code UPDATE ... WHERE state = <expected>} in {@code TaskQueries}, so a late or duplicate result (an attempt
 * whose lease already expired, a second RunTask) changes nothing.
 *
 * <pre>{@code
 * stateDiagram-v2
 *     [*] --> PENDING: CreateTask
 *     PENDING --> RUNNING: TaskClaimAvailable (dispatcher leases it)
 *     RUNNING --> SUCCEEDED: TaskCompleteIfRunning (2xx)
 *     RUNNING --> PENDING: TaskCompleteIfRunning (failed, retry scheduled)
 *     RUNNING --> FAILED: TaskCompleteIfRunning (failed, attempts exhausted)
 *     RUNNING --> PENDING: TaskRescueExpiredLeases (dispatcher died)
 *     PENDING --> DELETED: DeleteTask / PurgeQueue
 *     RUNNING --> DELETED: DeleteTask / PurgeQueue
 *     SUCCEEDED --> [*]: TaskDeleteExpiredTombstones (after the de-dup window)
 *     FAILED --> [*]: TaskDeleteExpiredTombstones
 *     DELETED --> [*]: TaskDeleteExpiredTombstones
 * }</pre>
 */
public enum TaskState {
    /**
     * Waiting for its schedule time (new, or a retry with backoff). Entered by CreateTask, by a failed attempt
     * that will be retried, and by the lease rescuer; left when a dispatcher claims it or the API deletes it.
     */
    PENDING,
    /**
     * Leased by one dispatcher until {@code lease_expires_at} (dispatch deadline plus a grace). Left when that
     * dispatcher records the outcome, when the lease expires (back to PENDING), or by deletion.
     */
    RUNNING,
    /** Final: the target answered 2xx. The row stays as a tombstone that reserves the name for the de-dup window. */
    SUCCEEDED,
    /** Final: the last attempt failed and the queue's retryConfig allows no more. Tombstone as above. */
    FAILED,
    /** Final: removed by DeleteTask, PurgeQueue. Tombstone as above. */
    DELETED;

    /** True for the states a task never leaves (except by tombstone cleanup). */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == DELETED;
    }
}
