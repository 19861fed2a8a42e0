package dev.baton.taskqueue.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.taskqueue.ErrorCode;
import dev.baton.taskqueue.TaskQueueException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders every error of the API in Google's AIP-193 shape,
 * {@code {"error":{"code":404,"message":"...","status":"NOT_FOUND"}}}, with the matching HTTP status: Google's
 * REST clients read the code from the status and the message from this body.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);
    private final ObjectMapper mapper;

    public ErrorMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @ServerExceptionMapper
    public Response refused(TaskQueueException e) {
        return body(e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 400, 405, 406, 415 -> ErrorCode.INVALID_ARGUMENT;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_ARGUMENT;
        };
        var json = envelope(code, e.getMessage(), status);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(json.toString()).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        boolean unavailable = e instanceof io.vertx.core.VertxException || e.getClass().getName().contains("Connection");
        LOG.error("Request failed", e);
        return body(unavailable ? ErrorCode.UNAVAILABLE : ErrorCode.INTERNAL,
                unavailable ? "The task queue's database is unavailable; retry later" : "Internal error");
    }

    private Response body(ErrorCode code, String message) {
        return Response.status(code.httpStatus).type(MediaType.APPLICATION_JSON)
                .entity(envelope(code, message, code.httpStatus).toString()).build();
    }

    private ObjectNode envelope(ErrorCode code, String message, int httpStatus) {
        ObjectNode root = mapper.createObjectNode();
        root.putObject("error").put("code", httpStatus).put("message", message).put("status", code.name());
        return root;
    }
}
