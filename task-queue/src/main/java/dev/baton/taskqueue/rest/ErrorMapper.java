package dev.baton.taskqueue.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.taskqueue.ErrorCode;
import dev.baton.taskqueue.TaskQueueException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
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
        boolean unavailable = unavailable(e);
        LOG.error("Request failed", e);
        return body(unavailable ? ErrorCode.UNAVAILABLE : ErrorCode.INTERNAL,
                unavailable ? "The task queue's database is unavailable; retry later" : "Internal error");
    }

    /**
     * Whether a failure means "the database cannot be reached right now" (503, worth retrying) rather than a bug
     * (500): no connection, a closed or timed-out one, or PostgreSQL saying it is shutting down or out of resources.
     * Any other statement error is ours, and a retry would fail the same way.
     */
    static boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                String state = pg.getSqlState() == null ? "" : pg.getSqlState();
                return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P");
            }
            if (t instanceof java.net.ConnectException || t instanceof ClosedConnectionException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return false;
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
