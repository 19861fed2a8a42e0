package dev.baton.gateway.rest;

import dev.baton.gateway.rest.GatewayApi.VoidAnswer;
import dev.baton.gateway.rest.GatewayApi.VoidRequest;
import dev.baton.gateway.service.PaymentService;
import dev.baton.platform.command.IdempotencyKeys;
import dev.baton.platform.command.IdempotentCommands.Result;
import dev.baton.platform.command.IdempotentCommands;
import dev.baton.platform.security.TaskQueueCommand;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Void: the compensation of the saga's {@code authorize} step, finding the authorization by the forward key it
 * carries. The colon is literal (Google's custom-method style, as the saga's definition calls it); a client that
 * percent-encodes it ({@code %3A}) reaches the same resource through the platform's {@code CustomMethodPaths}.
 */
@Path("/v1/authorizations:void")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "authorizations")
public class VoidResource {

    private final IdempotentCommands commands;
    private final PaymentService payments;

    public VoidResource(IdempotentCommands commands, PaymentService payments) {
        this.commands = commands;
        this.payments = payments;
    }

    @TaskQueueCommand
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Void the authorization made under forwardKey (compensation of authorize)",
            description = "Operation gateway.void. 200 VOIDED, or NOTHING_TO_VOID when the authorize command never "
                    + "applied (it now never will: 409 compensated), was declined, voided or fully refunded; 409 "
                    + "when the authorization is captured (refund it first).")
    @APIResponse(responseCode = "200", description = "What the void did",
            content = @Content(schema = @Schema(implementation = VoidAnswer.class)))
    public Uni<Response> voidAuthorization(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull VoidRequest request) {
        String key = IdempotencyKeys.require(idempotencyKey);
        return commands.compensate(key, "gateway.void:" + request.paymentId(), request, request.forwardKey(),
                        (tx, forwardApplied) -> payments.voidAuthorization(tx, forwardApplied, request.forwardKey(),
                                        request.paymentId(), request.customerId(), request.reason())
                                .map(outcome -> new Result(200, new VoidAnswer(
                                        outcome.voided() ? "VOIDED" : "NOTHING_TO_VOID",
                                        outcome.authorization().map(a -> a.id()).orElse(null)))))
                .map(CommandAnswers::of);
    }

}
