package dev.baton.engine.rest;

import dev.baton.engine.ApiException;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders every error of the API in Google's AIP-193 shape with the matching HTTP status: Google's REST clients read
 * the code from the status and the message (and details) from the body.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @ServerExceptionMapper
    public Response refused(ApiException e) {
        Response r = body(e.httpStatus(), e.code().name(), e.getMessage(), e.details());
        return e.allow() == null ? r : Response.fromResponse(r).header("Allow", e.allow()).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String code = switch (status) {
            case 404 -> "NOT_FOUND";
            case 401 -> "UNAUTHENTICATED";
            case 405, 406, 415, 400 -> "INVALID_ARGUMENT";
            default -> status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT";
        };
        return body(status, code, e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        boolean unavailable = e instanceof io.vertx.core.VertxException || e.getClass().getName().contains("Connection")
                || e.getClass().getName().contains("Pg");
        LOG.error("Request failed", e);
        return body(unavailable ? 503 : 500, unavailable ? "UNAVAILABLE" : "INTERNAL",
                unavailable ? "The engine's database is unavailable; retry later" : "Internal error", null);
    }

    static Response body(int status, String code, String message, io.vertx.core.json.JsonArray details) {
        JsonObject error = new JsonObject().put("code", status).put("message", message).put("status", code);
        if (details != null) {
            error.put("details", details);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new JsonObject().put("error", error).encode()).build();
    }
}
