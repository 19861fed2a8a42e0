package dev.baton.taskqueue;

/** The google.rpc.Code values our API answers with, and the HTTP status Google's REST mapping gives each. */
public enum ErrorCode {
    /** Bad input: malformed name, field out of range, unparsable JSON. */
    INVALID_ARGUMENT(3, 400),
    /** The queue or task does not exist (or no longer does). */
    NOT_FOUND(5, 404),
    /** The queue or task name is taken, including a task name inside its de-dup window. */
    ALREADY_EXISTS(6, 409),
    /** The request is valid but the resource is in the wrong state for it. */
    FAILED_PRECONDITION(9, 400),
    /** Our fault: a failure reaching the database or a bug. */
    INTERNAL(13, 500),
    /** The database could not be reached. */
    UNAVAILABLE(14, 503);

    /** google.rpc.Code number. */
    public final int rpcCode;
    /** HTTP status of the REST answer. */
    public final int httpStatus;

    ErrorCode(int rpcCode, int httpStatus) {
        this.rpcCode = rpcCode;
        this.httpStatus = httpStatus;
    }
}
