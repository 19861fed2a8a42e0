package dev.baton.engine;

import io.vertx.core.json.JsonArray;

/**
 * A refusal of the Google-compatible API, rendered as an AIP-193 error
 * ({@code {"error":{"code","message","status","details"}}}) by {@code rest.ErrorMapper}.
 */
public final class ApiException extends RuntimeException {

    /** google.rpc.Code names used here, with their HTTP statuses. */
    public enum Code {
        INVALID_ARGUMENT(400), FAILED_PRECONDITION(400), UNAUTHENTICATED(401), PERMISSION_DENIED(403),
        NOT_FOUND(404), ALREADY_EXISTS(409), RESOURCE_EXHAUSTED(429), INTERNAL(500), UNAVAILABLE(503);

        /** The HTTP status Google's REST surface answers with. */
        public final int httpStatus;

        Code(int httpStatus) {
            this.httpStatus = httpStatus;
        }
    }

    private final Code code;
    private final JsonArray details;

    public ApiException(Code code, String message) {
        this(code, message, null);
    }

    public ApiException(Code code, String message, JsonArray details) {
        super(message, null, false, false);
        this.code = code;
        this.details = details;
    }

    public Code code() {
        return code;
    }

    /** google.rpc details (each with an {@code @type}), or null. */
    public JsonArray details() {
        return details;
    }

    public static ApiException notFound(String what) {
        return new ApiException(Code.NOT_FOUND, "Resource '" + what + "' was not found");
    }

    public static ApiException invalid(String message) {
        return new ApiException(Code.INVALID_ARGUMENT, message);
    }
}
