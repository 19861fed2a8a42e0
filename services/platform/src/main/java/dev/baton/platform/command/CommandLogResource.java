package dev.baton.platform.command;

import dev.baton.platform.rest.ProblemException;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The audit trail of commands this service applied: every key under a prefix (a saga's keys all start with its
 * payment id), in the order their transactions began, with compensations naming the forward key they undid. Lets
 * an operator (and the system tests) see what a saga did here and in which order.
 */
@Path("/v1/commands")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "command log")
// Only where commands are taken: the Google-compatible deployables have no command log.
@UnlessBuildProperty(name = "baton.problem-json.enabled", stringValue = "false", enableIfMissing = true)
public class CommandLogResource {

    private final IdempotentCommands commands;

    public CommandLogResource(IdempotentCommands commands) {
        this.commands = commands;
    }

    @GET
    @Operation(summary = "Commands applied here whose Idempotency-Key starts with keyPrefix, oldest first")
    public Uni<List<IdempotentCommands.Entry>> list(@QueryParam("keyPrefix") String keyPrefix,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (keyPrefix == null || keyPrefix.isBlank()) {
            throw new ProblemException(400, "key-prefix-required", "keyPrefix is required",
                    "Give keyPrefix, e.g. the payment id a saga's keys start with");
        }
        return commands.entries(keyPrefix, Math.clamp(limit, 1, 1000));
    }
}
