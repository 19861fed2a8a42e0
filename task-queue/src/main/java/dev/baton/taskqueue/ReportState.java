package dev.baton.taskqueue;

/**
 * Delivery of one completion report (table {@code completion_report}). Mirrored by its CHECK constraint.
 *
 * <pre>{@code
 * stateDiagram-v2
 *     [*] --> PENDING: task reached a final state (same statement)
 *     PENDING --> RUNNING: CompletionReportClaimAvailable
 *     RUNNING --> DELIVERED: 2xx from the report URL
 *     RUNNING --> PENDING: failure, retry with backoff / lease expired
 *     RUNNING --> ABANDONED: failure after the retry budget
 * }</pre>
 */
public enum ReportState {
    /** Waiting for {@code next_attempt_at}. Entered when the task finishes and after each failed delivery. */
    PENDING,
    /** Being posted by one instance until its lease expires. */
    RUNNING,
    /** Final: the receiver answered 2xx. */
    DELIVERED,
    /** Final: delivery kept failing for longer than the configured retry budget; kept for inspection. */
    ABANDONED
}
