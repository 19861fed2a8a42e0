package dev.baton.platform.inbox;

/** What the inbox did with one delivery; the transport maps it to ack/requeue/reject or an HTTP status. */
public enum InboxOutcome {
    /** The handler's effects committed. */
    APPLIED,
    /** Already processed (or already dead): nothing was applied. */
    DUPLICATE,
    /** The handler failed and attempts remain: deliver again. */
    RETRY,
    /** Dead-lettered with a reason. */
    DEAD
}
