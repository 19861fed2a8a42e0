package dev.baton.platform.command;

import dev.baton.platform.rest.ProblemException;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Test-only control of {@link Faults}: built into the application only with {@code baton.faults.enabled=true} at
 * build time; the local launcher's system tests turn it on.
 */
@Path("/v1/faults")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "faults (tests only)")
@IfBuildProperty(name = "baton.faults.enabled", stringValue = "true")
public class FaultResource {

    private final Faults faults;

    public FaultResource(Faults faults) {
        this.faults = faults;
    }

    @GET
    @Operation(summary = "The fault rules in force")
    public List<Faults.Rule> list() {
        return faults.rules();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a rule: make a command fail before or after its effect")
    public Response add(Faults.Rule rule) {
        if (rule == null || rule.operation() == null || rule.operation().isBlank()) {
            throw new ProblemException(400, "invalid-fault", "Invalid fault rule", "operation is required");
        }
        if (rule.status() != null && (rule.status() < 400 || rule.status() > 599)) {
            throw new ProblemException(400, "invalid-fault", "Invalid fault rule", "status must be 400..599");
        }
        if (rule.times() != null && (rule.times() == 0 || rule.times() < -1)) {
            throw new ProblemException(400, "invalid-fault", "Invalid fault rule", "times must be -1 or positive");
        }
        return Response.status(201).entity(faults.add(rule)).build();
    }

    @DELETE
    @Operation(summary = "Remove every rule")
    public Response clear() {
        faults.clear();
        return Response.noContent().build();
    }
}
