package dev.baton.gateway.rest;

import dev.baton.gateway.rest.GatewayApi.RefundAnswer;
import dev.baton.gateway.rest.GatewayApi.RefundRequest;
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
 * Refund: the compensation of the saga's capture step, and the operator's way to give money back for a confirmed
 * order (same endpoint, same rules, their own Idempotency-Key, the capture's key as {@code forwardKey}).
 */
@Path("/v1/refunds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "refunds", description = "Give captured money back")
public class RefundResource {

    private final IdempotentCommands commands;
    private final PaymentService payments;

    public RefundResource(IdempotentCommands commands, PaymentService payments) {
        this.commands = commands;
        this.payments = payments;
    }

    @TaskQueueCommand
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Refund (part of) the capture made under forwardKey",
            description = "Operation gateway.refund. 200 REFUNDED (emits dev.baton.payment.refunded.v1), or "
                    + "NOTHING_TO_REFUND when the capture never applied (it now never will: 409 compensated) or "
                    + "everything is refunded already and no amount was asked; 422 above what is left.")
    @APIResponse(responseCode = "200", description = "What the refund did",
            content = @Content(schema = @Schema(implementation = RefundAnswer.class)))
    public Uni<Response> refund(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull RefundRequest request) {
        String key = IdempotencyKeys.require(idempotencyKey);
        var command = new PaymentService.NewRefund(request.paymentId(), request.customerId(), request.forwardKey(),
                request.orderId(), request.customerEmail(), request.amountMinor(), request.reason());
        return commands.compensate(key, "gateway.refund:" + request.paymentId(), request, request.forwardKey(),
                        (tx, forwardApplied) -> payments.refund(tx, key, forwardApplied, command)
                                .map(outcome -> new Result(200, outcome.refund()
                                        .map(r -> new RefundAnswer(r.id(), "REFUNDED", r.amountMinor(), r.currency()))
                                        .orElse(new RefundAnswer(null, "NOTHING_TO_REFUND", 0, null)))))
                .map(CommandAnswers::of);
    }
}
