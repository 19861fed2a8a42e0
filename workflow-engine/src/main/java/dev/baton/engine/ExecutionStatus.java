package dev.baton.engine;

/**
 * Lifecycle of an execution, stored in {@code execution.state} (mirrored by its CHECK constraint). Every transition
 * is an {@code UPDATE ... WHERE state = <expected>}.
 *
 * <pre>{@code
 * stateDiagram-v2
 *     [*] --> QUEUED: created over the workflow's concurrency
 *     [*] --> ACTIVE: created
 *     QUEUED --> ACTIVE: an execution of the workflow finished
 *     QUEUED --> CANCELLED: cancel
 *     ACTIVE --> SUCCEEDED: main returned
 *     ACTIVE --> FAILED: an error escaped main
 *     ACTIVE --> CANCELLED: cancel, at the next step boundary
 * }</pre>
 */
public enum ExecutionStatus {
    /**
     * Created while the workflow had its maximum of ACTIVE executions (baton.engine.max-active-per-workflow). The
     * checkpoint that finishes another execution of the same workflow moves the oldest one to ACTIVE; a cancel
     * moves it straight to CANCELLED. No runner touches it.
     */
    QUEUED,
    /**
     * Running or waiting (a timer, an HTTP call, a callback, a task). Runners claim it whenever {@code run_at} is
     * due, under a lease; each run ends in a checkpoint that either keeps it ACTIVE with its new interpreter state or
     * moves it to a final state.
     */
    ACTIVE,
    /** main returned; {@code result} holds the JSON value. Final. */
    SUCCEEDED,
    /** An error escaped main (or the engine could not run it); {@code error} holds payload and context. Final. */
    FAILED,
    /** Cancelled through the API; its open waits were cancelled with it. Final. */
    CANCELLED;

    /** Google's number for this state (Execution.State), for numeric enum encodings. */
    public int number() {
        return switch (this) {
            case ACTIVE -> 1;
            case SUCCEEDED -> 2;
            case FAILED -> 3;
            case CANCELLED -> 4;
            case QUEUED -> 6;
        };
    }

    /** True for SUCCEEDED, FAILED and CANCELLED. */
    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
