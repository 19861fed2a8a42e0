package dev.baton.taskqueue;

/**
 * A request the API refuses, carrying the google.rpc code and a message meant for the caller. Rendered in the
 * AIP-193 shape by {@code dev.baton.taskqueue.rest.ErrorMapper}. Thrown before anything is written, or by a
 * statement whose guard failed, so a refused request leaves nothing behind.
 */
public final class TaskQueueException extends RuntimeException {

    private final ErrorCode code;

    public TaskQueueException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static TaskQueueException invalid(String message) {
        return new TaskQueueException(ErrorCode.INVALID_ARGUMENT, message);
    }

    public static TaskQueueException notFound(String message) {
        return new TaskQueueException(ErrorCode.NOT_FOUND, message);
    }
}
