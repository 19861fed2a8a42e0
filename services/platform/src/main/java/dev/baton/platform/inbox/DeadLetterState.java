package dev.baton.platform.inbox;

/**
 * Life of a row in {@code baton_platform.dead_letter}; mirrored by the table's CHECK constraint.
 *
 * <pre>{@code
 * stateDiagram-v2
 *     [*] --> DEAD: the inbox gave up (malformed, poison, attempts exhausted)
 *     DEAD --> REPLAYED: POST /v1/dead-letters/{id}/replay
 * }</pre>
 */
public enum DeadLetterState {
    /** Written by the inbox with the message as received and the reason. Only a replay moves it on. */
    DEAD,
    /** An operator replayed it. If the replay failed again, the inbox wrote a new DEAD row for it. */
    REPLAYED
}
