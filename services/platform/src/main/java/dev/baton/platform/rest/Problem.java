package dev.baton.platform.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * An RFC 7807 problem document ({@code application/problem+json}): the error body of every Baton-own REST API.
 * The Google-compatible APIs (Cloud Tasks, Workflows, Executions) answer Google's AIP-193 shape instead.
 *
 * @param type       a URI naming the kind of problem ({@code urn:baton:problem:<slug>}), or {@code about:blank}
 *                   when the HTTP status says it all
 * @param title      a short summary of the kind, the same for every occurrence
 * @param status     the HTTP status code
 * @param detail     what went wrong this time, in words the client can act on
 * @param instance   the request path that failed
 * @param violations for invalid input, one entry per offending field; absent otherwise
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
        List<Violation> violations) {

    /** The media type of a problem document. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * One invalid field.
     *
     * @param field   where in the request: a body property path ({@code lineItems[0].amount}), or a header or query
     *                parameter name
     * @param message what is wrong with it
     */
    @RegisterForReflection
    public record Violation(String field, String message) {
    }

    /** A problem of one of this API's own kinds. */
    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem("urn:baton:problem:" + slug, title, status, detail, null, null);
    }

    Problem at(String path) {
        return new Problem(type, title, status, detail, path, violations);
    }
}
