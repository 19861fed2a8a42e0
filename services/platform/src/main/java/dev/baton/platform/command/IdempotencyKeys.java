package dev.baton.platform.command;

import dev.baton.platform.rest.Problem;
import dev.baton.platform.rest.ProblemException;
import java.util.List;

/** The {@code Idempotency-Key} header every command requires. */
public final class IdempotencyKeys {

    /** The header's name. */
    public static final String HEADER = "Idempotency-Key";
    /** Longest key accepted (Stripe's limit). */
    public static final int MAX_LENGTH = 255;

    private IdempotencyKeys() {
    }

    /** @return the key; a 400 problem naming the header when it is missing, blank or too long */
    public static String require(String key) {
        if (key == null || key.isBlank()) {
            throw invalid("the " + HEADER + " header is required on every command");
        }
        if (key.length() > MAX_LENGTH) {
            throw invalid("at most " + MAX_LENGTH + " characters, got " + key.length());
        }
        return key;
    }

    private static ProblemException invalid(String message) {
        return new ProblemException(new Problem("urn:baton:problem:invalid-idempotency-key",
                "Invalid Idempotency-Key", 400, message, null, List.of(new Problem.Violation(HEADER, message))));
    }
}
