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
    private final int httpStatus;
    private final String allow;

    public ApiException(Code code, String message) {
        this(code, message, null);
    }

    public ApiException(Code code, String message, JsonArray details) {
        this(code, message, details, code.httpStatus, null);
    }

    private ApiException(Code code, String message, JsonArray details, int httpStatus, String allow) {
        super(message, null, false, false);
        this.code = code;
        this.details = details;
        this.httpStatus = httpStatus;
        this.allow = allow;
    }

    /**
     * 405 Method Not Allowed with an {@code Allow} header: a request to a callback URL with another method than the
     * one its endpoint was created for (status INVALID_ARGUMENT in the body, the nearest google.rpc code).
     */
    public static ApiException methodNotAllowed(String allowed, String message) {
        return new ApiException(Code.INVALID_ARGUMENT, message, null, 405, allowed);
    }

    /** The HTTP status to answer with (the code's, except for {@link #methodNotAllowed}). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The methods to list in an {@code Allow} header, or null. */
    public String allow() {
        return allow;
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
