package dev.baton.gateway.rest;

import dev.baton.gateway.rest.GatewayApi.CaptureAnswer;
import dev.baton.gateway.rest.GatewayApi.CaptureRequest;
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

/** Capture: the payment saga's {@code capture} step. Its compensation is a refund ({@link RefundResource}). */
@Path("/v1/captures")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "captures", description = "Move authorized money")
public class CaptureResource {

    private final IdempotentCommands commands;
    private final PaymentService payments;

    public CaptureResource(IdempotentCommands commands, PaymentService payments) {
        this.commands = commands;
        this.payments = payments;
    }

    @TaskQueueCommand
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Capture (part of) the authorization made under authorizeKey",
            description = "Operation gateway.capture. 422 above the authorized amount or for an unknown "
                    + "authorizeKey; 409 unless the authorization is AUTHORIZED (one capture per authorization).")
    @APIResponse(responseCode = "200", description = "Captured",
            content = @Content(schema = @Schema(implementation = CaptureAnswer.class)))
    public Uni<Response> capture(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull CaptureRequest request) {
        String key = IdempotencyKeys.require(idempotencyKey);
        var command = new PaymentService.NewCapture(request.paymentId(), request.customerId(), request.authorizeKey(),
                request.amountMinor(), request.currency());
        return commands.apply(key, "gateway.capture:" + request.paymentId(), request,
                        tx -> payments.capture(tx, key, command).map(c -> new Result(200, CaptureAnswer.of(c))))
                .map(CommandAnswers::of);
    }
}
