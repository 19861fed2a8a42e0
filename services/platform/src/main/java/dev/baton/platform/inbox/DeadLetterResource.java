package dev.baton.platform.inbox;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.NoSuchElementException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Operators' view of what a subscriber gave up on: list dead letters, replay one. Built only into subscribers
 * ({@code baton.events.subscriber.enabled=true} at build time).
 */
@Path("/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dead letters")
@IfBuildProperty(name = "baton.events.subscriber.enabled", stringValue = "true")
public class DeadLetterResource {

    private final DeadLetters deadLetters;

    public DeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** Newest first. */
    @GET
    @Operation(summary = "List dead letters, newest first; state DEAD (default), REPLAYED or ALL")
    public Uni<List<DeadLetter>> list(@QueryParam("state") @DefaultValue("DEAD") String state,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        DeadLetterState filter = "ALL".equalsIgnoreCase(state) ? null : DeadLetterState.valueOf(state.toUpperCase());
        return deadLetters.list(filter, Math.clamp(limit, 1, 1000));
    }

    /** 200 with the inbox's outcome; 404 unknown id; 409 replayed already. */
    @POST
    @Path("/{id}/replay")
    @Operation(summary = "Run a dead letter through the inbox again with fresh attempts")
    public Uni<Response> replay(@PathParam("id") long id) {
        return deadLetters.replay(id)
                .map(result -> Response.ok(result).build())
                .onFailure(NoSuchElementException.class).recoverWithItem(e -> problem(404, e.getMessage()))
                .onFailure(IllegalStateException.class).recoverWithItem(e -> problem(409, e.getMessage()));
    }

    private static Response problem(int status, String detail) {
        return Response.status(status).type("application/problem+json")
                .entity(java.util.Map.of("status", status, "detail", detail)).build();
    }
}
