package dev.baton.platform.events;

/**
 * The bytes received are not a CloudEvent 1.0 this codec can read (a required attribute missing, an unsupported
 * spec version, an unparsable time or URI, a structured body that is not JSON). Never retried: the inbox
 * dead-letters the message with this exception's message as the reason.
 */
public class MalformedEventException extends RuntimeException {

    /** @param reason what is wrong, phrased for an operator reading the dead-letter list */
    public MalformedEventException(String reason) {
        super(reason);
    }

    /** @param reason what is wrong; {@code cause} is the parser's own error */
    public MalformedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
