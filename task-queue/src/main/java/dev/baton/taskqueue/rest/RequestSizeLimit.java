package dev.baton.taskqueue.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request body over {@code quarkus.http.limits.max-body-size} is refused the way Google's front end refuses one:
 * 400 INVALID_ARGUMENT, "Request payload size exceeds the limit: N bytes.", in the AIP-193 shape, instead of the
 * empty 413 Vert.x would send (which Google's clients cannot read). A declared length is checked before any byte is
 * read; a chunked body is read up to the limit and refused when it goes past it.
 */
@ApplicationScoped
public class RequestSizeLimit {

    private final long limit;
    /**
     * Reads a body of unknown length (chunked) up to the limit before the REST layer sees it, failing the route with
     * 413 past it; Quarkus REST then takes the body already read.
     */
    private final BodyHandler chunked;

    public RequestSizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
        this.chunked = BodyHandler.create(false).setBodyLimit(this.limit);
    }

    void install(@Observes Router router) {
        // Before Quarkus' own length check (which answers with an empty 413).
        router.route().order(Integer.MIN_VALUE).handler(this::checkDeclaredLength);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::tooLarge);
    }

    private void checkDeclaredLength(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > limit) {
                    refuse(ctx);
                    return;
                }
            } catch (NumberFormatException e) {
                // Vert.x rejects a malformed Content-Length itself.
            }
        } else if (ctx.request().headers().contains("Transfer-Encoding", "chunked", true)) {
            chunked.handle(ctx);
            return;
        }
        ctx.next();
    }

    private void tooLarge(RoutingContext ctx) {
        if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
            refuse(ctx);
        } else {
            ctx.next();
        }
    }

    private void refuse(RoutingContext ctx) {
        var error = new JsonObject().put("error", new JsonObject().put("code", 400)
                .put("message", "Request payload size exceeds the limit: " + limit + " bytes.")
                .put("status", "INVALID_ARGUMENT"));
        var response = ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json");
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            // The rest of the body is not read: close the connection after the answer (HTTP/2 resets the stream).
            response.putHeader("Connection", "close");
        }
        response.end(error.encode());
    }
}
