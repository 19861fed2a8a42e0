package dev.baton.gateway.rest;

import dev.baton.gateway.TestToken;
import dev.baton.gateway.repository.AuthorizationRepository;
import dev.baton.gateway.rest.GatewayApi.AuthorizationAnswer;
import dev.baton.gateway.rest.GatewayApi.AuthorizationView;
import dev.baton.gateway.rest.GatewayApi.AuthorizeRequest;
import dev.baton.gateway.service.PaymentService;
import dev.baton.gateway.service.ProviderSimulator;
import dev.baton.platform.command.IdempotencyKeys;
import dev.baton.platform.command.IdempotentCommands.Result;
import dev.baton.platform.command.IdempotentCommands;
import dev.baton.platform.rest.Problem;
import dev.baton.platform.rest.ProblemException;
import dev.baton.platform.security.TaskQueueCommand;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Authorize: the payment saga's {@code authorize} step (its compensation is {@link VoidResource}), plus reads.
 * Commands follow the saga command protocol (deploy/workflows/README.md): Idempotency-Key required, a decline is a
 * 200.
 */
@Path("/v1/authorizations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "authorizations", description = "Hold money on a card (authorize) and release it (void)")
public class AuthorizationResource {

    private final IdempotentCommands commands;
    private final PaymentService payments;
    private final ProviderSimulator provider;
    private final AuthorizationRepository authorizations;

    public AuthorizationResource(IdempotentCommands commands, PaymentService payments, ProviderSimulator provider,
            AuthorizationRepository authorizations) {
        this.commands = commands;
        this.payments = payments;
        this.provider = provider;
        this.authorizations = authorizations;
    }

    @TaskQueueCommand
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Authorize an amount on a payment method token",
            description = "Operation gateway.authorize. 200 AUTHORIZED or DECLINED (with declineCode); 503 when the "
                    + "provider fails (nothing stored, retry); 422 for an unknown token or a card number.")
    @APIResponse(responseCode = "200", description = "The provider's decision",
            content = @Content(schema = @Schema(implementation = AuthorizationAnswer.class)))
    public Uni<Response> authorize(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull AuthorizeRequest request) {
        String key = IdempotencyKeys.require(idempotencyKey);
        TestToken token = TestToken.of(request.paymentMethodToken()).orElseThrow(() -> unknownToken(request));
        var command = new PaymentService.NewAuthorization(request.paymentId(), request.customerId(),
                request.amountMinor(), request.currency(), token);
        return provider.latency(key, token)
                .chain(() -> commands.apply(key, "gateway.authorize:" + request.paymentId(), request,
                        tx -> payments.authorize(tx, key, command)
                                .map(a -> new Result(200, AuthorizationAnswer.of(a)))))
                .map(CommandAnswers::of);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One authorization, with its captured and refunded totals")
    public Uni<AuthorizationView> get(@PathParam("id") UUID id) {
        return authorizations.find(id).map(found -> found.map(AuthorizationView::of)
                .orElseThrow(() -> new ProblemException(404, "authorization-not-found", "Authorization not found",
                        "No authorization " + id)));
    }

    @GET
    @Operation(summary = "The authorizations of a payment, oldest first")
    public Uni<List<AuthorizationView>> list(@QueryParam("paymentId") @NotBlank String paymentId) {
        return authorizations.listByPayment(paymentId).map(all -> all.stream().map(AuthorizationView::of).toList());
    }

    private static ProblemException unknownToken(AuthorizeRequest request) {
        String message = "'%s' is not a token this provider issued; test tokens: %s".formatted(
                request.paymentMethodToken(), String.join(", ",
                        java.util.Arrays.stream(TestToken.values()).map(TestToken::token).toList()));
        return new ProblemException(new Problem("urn:baton:problem:unknown-payment-method", "Unknown payment method",
                422, "paymentMethodToken: " + message, null,
                List.of(new Problem.Violation("paymentMethodToken", message))));
    }
}
