package dev.baton.platform.inbox;

/**
 * Life of a row in {@code baton_platform.inbox_message}, keyed by CloudEvent source + id; mirrored by the table's
 * CHECK constraint. Every transition is an {@code UPDATE ... WHERE state = <expected>} (see {@link InboxQueries}).
 *
 * <pre>{@code
 * stateDiagram-v2
 *     [*] --> PROCESSED: first delivery, handler committed
 *     [*] --> FAILING: first delivery, handler failed
 *     FAILING --> FAILING: another failure (attempts + 1)
 *     FAILING --> PROCESSED: a redelivery succeeded
 *     FAILING --> DEAD: attempts reached max-attempts, or poison
 *     [*] --> DEAD: poison on first delivery
 *     DEAD --> FAILING: dead letter replayed (attempts reset)
 * }</pre>
 */
public enum InboxState {
    /**
     * The handler failed at least once; {@code attempts} counts the failures, written in their own transaction
     * after the handler's rolled back. Redeliveries move it on.
     */
    FAILING,
    /**
     * The handler's effects committed with this row, in one transaction. Terminal: any later delivery of the same
     * source + id is acknowledged and ignored.
     */
    PROCESSED,
    /**
     * Given up on; a {@code dead_letter} row holds the message and the reason. Deliveries are ignored until an
     * operator replays the dead letter, which moves the row back to FAILING.
     */
    DEAD
}
