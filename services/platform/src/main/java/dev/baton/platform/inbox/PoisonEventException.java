package dev.baton.platform.inbox;

/**
 * Thrown by a {@link CloudEventHandler} for an event that no retry can fix (data violating its contract, an
 * unknown currency): the inbox dead-letters it at once with this message as the reason, and consumption goes on.
 */
public class PoisonEventException extends RuntimeException {

    /** @param reason why the event cannot be applied, phrased for an operator reading the dead-letter list */
    public PoisonEventException(String reason) {
        super(reason);
    }

    /** @param reason why; {@code cause} the underlying error */
    public PoisonEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
