package dev.baton.platform.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every error of a Baton-own REST API into an RFC 7807 problem document, so clients parse one error shape
 * everywhere: our own {@link ProblemException}s, JAX-RS statuses (404, 405, 415, ...), Bean Validation failures
 * (one violation per field), malformed JSON (with line and column) and, last, anything unexpected (500 with an id
 * that is also in the log, never a stack trace on the wire).
 *
 * <p>Deployables that serve Google-compatible APIs answer AIP-193 errors from mappers of their own and switch these
 * off at build time with {@code baton.problem-json.enabled=false} (default true).
 */
@IfBuildProperty(name = "baton.problem-json.enabled", stringValue = "true", enableIfMissing = true)
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response own(ProblemException e, UriInfo uri) {
        return respond(e.problem(), uri);
    }

    @ServerExceptionMapper
    public Response jaxrs(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) { // how Quarkus REST reports unparsable bodies
            return malformedJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        var reason = Response.Status.fromStatusCode(status);
        String title = reason == null ? "HTTP " + status : reason.getReasonPhrase();
        String detail = status == 404 ? "No resource at " + uri.getPath() : e.getMessage();
        return respond(new Problem("about:blank", title, status, detail, null, null), uri);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(field(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field).thenComparing(Problem.Violation::message))
                .toList();
        String detail = violations.stream().map(v -> v.field() + ": " + v.message())
                .collect(Collectors.joining("; "));
        return respond(new Problem("urn:baton:problem:invalid-request", "Invalid request", 400, detail, null,
                violations), uri);
    }

    /** Declared for the exact type because Quarkus REST ships a plain-text mapper for it. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return malformedJson(e, uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line %d, column %d".formatted(at.getLineNr(), at.getColumnNr());
        String path = e instanceof JsonMappingException m && !m.getPath().isEmpty() ? " (field " + path(m) + ")" : "";
        return respond(new Problem("urn:baton:problem:malformed-json", "Malformed JSON", 400,
                "The request body is not the JSON this endpoint takes" + where + path + ": " + plain(e.getOriginalMessage()),
                null, null), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s on %s", id, uri.getPath());
        return respond(new Problem("about:blank", "Internal Server Error", 500,
                "Something went wrong on our side; quote error id " + id + " when reporting it.", null, null), uri);
    }

    /** Jackson names its (redacted) input source inside locations; the client only needs line and column. */
    static String plain(String jacksonMessage) {
        return jacksonMessage.replaceAll("\\[Source: [^;]*; (line: \\d+, column: \\d+)]", "$1");
    }

    /** The JSON path of the offending value as a client writes it: {@code lineItems[0].amount}. */
    static String path(JsonMappingException e) {
        var out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /**
     * Bean Validation names a method parameter path ({@code create.request.amount}); clients know only the field,
     * so the method and parameter segments are dropped.
     */
    static String field(String propertyPath) {
        String[] parts = propertyPath.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }

    private static Response respond(Problem problem, UriInfo uri) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem.at(uri.getPath())).build();
    }
}
