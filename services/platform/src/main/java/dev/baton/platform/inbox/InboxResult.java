package dev.baton.platform.inbox;

/**
 * The result of processing one delivery.
 *
 * @param outcome what happened
 * @param deadLetterId the new dead letter's id when {@code outcome} is DEAD, else null
 * @param detail the error or dead-letter reason, null when applied or duplicate
 */
public record InboxResult(InboxOutcome outcome, Long deadLetterId, String detail) {

    static InboxResult of(InboxOutcome outcome) {
        return new InboxResult(outcome, null, null);
    }
}
