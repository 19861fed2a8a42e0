package dev.baton.email;

/**
 * Life of a row in {@code email_message}; mirrored by its CHECK constraint. Transitions are made by
 * {@code MailSender} with {@code UPDATE ... WHERE state = 'QUEUED'}.
 *
 * <pre>{@code
 * stateDiagram-v2
 *     [*] --> QUEUED: event handled (inbox transaction)
 *     QUEUED --> QUEUED: SMTP failed, attempts remain (next_attempt_at later)
 *     QUEUED --> SENT: SMTP accepted it
 *     QUEUED --> FAILED: SMTP failed max-attempts times
 * }</pre>
 */
public enum EmailState {
    /** Rendered and waiting for MailSender; written together with the inbox row of its event. */
    QUEUED,
    /** The SMTP server accepted it. Terminal. */
    SENT,
    /** Given up on after {@code baton.email.max-attempts} SMTP failures; {@code last_error} says why. Terminal. */
    FAILED
}
