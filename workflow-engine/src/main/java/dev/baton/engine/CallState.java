package dev.baton.engine;

/**
 * Lifecycle of one blocking call of an execution ({@code pending_call.state}, mirrored by its CHECK constraint).
 *
 * <pre>{@code
 * stateDiagram-v2
 *     [*] --> IN_FLIGHT: checkpoint before an HTTP call or task creation
 *     [*] --> WAITING: checkpoint before a sleep or await
 *     IN_FLIGHT --> CONSUMED: response applied by the next checkpoint
 *     IN_FLIGHT --> WAITING: task created, waiting for its outcome
 *     WAITING --> DONE: callback, completion report
 *     WAITING --> CONSUMED: timer or timeout applied by a checkpoint
 *     DONE --> CONSUMED: outcome applied by a checkpoint
 *     IN_FLIGHT --> CANCELLED: execution finished or cancelled
 *     WAITING --> CANCELLED: execution finished or cancelled
 * }</pre>
 */
public enum CallState {
    /**
     * The lease holder is performing it (an HTTP request, a CreateTask). If the holder dies, the next claimer
     * performs it again with the same idempotency key: the only place where a step can run twice.
     */
    IN_FLIGHT,
    /** Waiting for a timer ({@code due_at}) or a signal (callback, completion report). Holds no thread or memory. */
    WAITING,
    /** A signal stored the outcome; the execution is due and the next checkpoint applies it. First outcome wins. */
    DONE,
    /** Applied to the interpreter state by a checkpoint. Kept as the step history. Final. */
    CONSUMED,
    /** The execution finished or was cancelled while it was open. Final. */
    CANCELLED
}
