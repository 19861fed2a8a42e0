package dev.baton.platform.command;

import dev.baton.platform.rest.ProblemException;
import io.quarkus.arc.properties.UnlessBuildProperty;
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
 * Test-only control of {@link Faults}. Answers 404 unless {@code baton.faults.enabled=true} (env
 * {@code BATON_FAULTS_ENABLED}; default false), read at run time so the same packaged jar serves production and the
 * launcher's system tests, which turn it on.
 */
@Path("/v1/faults")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "faults (tests only)")
// Not on the Google-compatible deployables (their errors are AIP-193, and nothing there takes saga commands).
@UnlessBuildProperty(name = "baton.problem-json.enabled", stringValue = "false", enableIfMissing = true)
public class FaultResource {

    private final Faults faults;

    public FaultResource(Faults faults) {
        this.faults = faults;
    }

    @GET
    @Operation(summary = "The fault rules in force")
    public List<Faults.Rule> list() {
        requireEnabled();
        return faults.rules();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a rule: make a command fail before or after its effect")
    public Response add(Faults.Rule rule) {
        requireEnabled();
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
        requireEnabled();
        faults.clear();
        return Response.noContent().build();
    }

    private void requireEnabled() {
        if (!faults.enabled()) {
            throw new ProblemException(404, "faults-disabled", "Fault injection is off",
                    "Fault injection is off here; it exists for system tests (baton.faults.enabled=true)");
        }
    }
}
