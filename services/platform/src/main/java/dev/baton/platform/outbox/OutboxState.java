package dev.baton.platform.outbox;

/**
 * Life of a row in {@code baton_platform.outbox_event}; mirrored by the table's CHECK constraint.
 *
 * <pre>{@code
 * stateDiagram-v2
 *     [*] --> PENDING: Outbox.append, in the producer's transaction
 *     PENDING --> PUBLISHED: OutboxRelay, after the broker confirmed
 *     PUBLISHED --> [*]: deleted after the retention period
 * }</pre>
 */
public enum OutboxState {
    /**
     * Written by {@link Outbox#append} in the same transaction as the producer's effect, so it exists if and only if
     * the effect committed. Only the relay moves it on. A failed publish leaves it here with
     * {@code publish_attempts} and {@code last_error} updated.
     */
    PENDING,
    /**
     * Set by the relay in the transaction that follows the broker's confirms. If the relay dies between confirm and
     * commit the row stays PENDING and is published again: delivery is at least once, and subscribers' inboxes
     * drop the duplicate.
     */
    PUBLISHED
}
