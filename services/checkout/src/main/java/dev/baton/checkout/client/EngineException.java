package dev.baton.checkout.client;

/**
 * A call to the workflow engine did not give an answer to act on. The subclass says what is known about the
 * request, which decides whether retrying it could create a second execution.
 */
public abstract sealed class EngineException extends RuntimeException
        permits EngineException.Unavailable, EngineException.OutcomeUnknown, EngineException.Rejected {

    EngineException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /**
     * The engine certainly did not take the request: connection refused or not resolvable, 429, 502, 503, or the
     * circuit breaker is open. Retrying is safe.
     */
    public static final class Unavailable extends EngineException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The request may have been applied: no answer within the deadline, the connection dropped after sending, or a
     * 5xx other than 502/503. Retrying a create could make a second execution.
     */
    public static final class OutcomeUnknown extends EngineException {
        public OutcomeUnknown(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The engine refused the request with a 4xx AIP-193 error (other than 429); the same request fails again. */
    public static final class Rejected extends EngineException {
        private final int status;

        public Rejected(int status, String message) {
            super(message, null);
            this.status = status;
        }

        /** The HTTP status the engine answered. */
        public int status() {
            return status;
        }
    }
}
