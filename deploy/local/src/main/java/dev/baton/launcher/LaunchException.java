package dev.baton.launcher;

/**
 * A reason the system cannot start that the user can act on. Its message is complete and printed as it is,
 * without a stack trace: what is wrong and the command that fixes it.
 */
public class LaunchException extends Exception {

    public LaunchException(String message) {
        super(message);
    }
}
