package dev.baton.fraud.rest;

import dev.baton.fraud.repository.AssessmentRepository;
import dev.baton.fraud.rest.FraudApi.AssessRequest;
import dev.baton.fraud.rest.FraudApi.AssessmentAnswer;
import dev.baton.fraud.rest.FraudApi.AssessmentView;
import dev.baton.fraud.service.AssessmentService;
import dev.baton.platform.command.IdempotencyKeys;
import dev.baton.platform.command.IdempotentCommands.Result;
import dev.baton.platform.command.IdempotentCommands;
import dev.baton.platform.rest.ProblemException;
import dev.baton.platform.security.TaskQueueCommand;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
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
 * Assess: the payment saga's first step, a command under the saga protocol (deploy/workflows/README.md). Every
 * verdict, REJECT included, is a 200: a decision, not an error. Plus reads.
 */
@Path("/v1/assessments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "assessments", description = "Risk assessment of a payment")
public class AssessmentResource {

    private final IdempotentCommands commands;
    private final AssessmentService service;
    private final AssessmentRepository assessments;

    public AssessmentResource(IdempotentCommands commands, AssessmentService service,
            AssessmentRepository assessments) {
        this.commands = commands;
        this.service = service;
        this.assessments = assessments;
    }

    @TaskQueueCommand
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Assess a payment: APPROVE, REVIEW or REJECT with every rule that fired",
            description = "Operation fraud.assess. Emits dev.baton.fraud.assessed.v1 in the same transaction.")
    @APIResponse(responseCode = "200", description = "The verdict",
            content = @Content(schema = @Schema(implementation = AssessmentAnswer.class)))
    public Uni<Response> assess(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull AssessRequest request) {
        String key = IdempotencyKeys.require(idempotencyKey);
        var command = new AssessmentService.NewAssessment(request.paymentId(), request.customerId(),
                request.customerEmail(), request.amountMinor(), request.currency(), request.paymentMethodToken(),
                request.billingCountry(), request.ipCountry());
        return commands.apply(key, "fraud.assess:" + request.paymentId(), request,
                        tx -> service.assess(tx, key, command).map(a -> new Result(200, AssessmentAnswer.of(a))))
                .map(outcome -> {
                    var response = Response.status(outcome.status()).type(MediaType.APPLICATION_JSON)
                            .entity(outcome.body());
                    // Set on an answer replayed from the command log; absent on the attempt that applied it.
                    return (outcome.replayed() ? response.header("Idempotent-Replayed", "true") : response).build();
                });
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One assessment")
    public Uni<AssessmentView> get(@PathParam("id") UUID id) {
        return assessments.find(id).map(found -> found.map(AssessmentView::of)
                .orElseThrow(() -> new ProblemException(404, "assessment-not-found", "Assessment not found",
                        "No assessment " + id)));
    }

    @GET
    @Operation(summary = "Assessments by payment and/or customer, oldest first",
            description = "An absent or empty filter matches everything.")
    public Uni<List<AssessmentView>> list(@QueryParam("paymentId") String paymentId,
            @QueryParam("customerId") String customerId,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return assessments.list(blankToNull(paymentId), blankToNull(customerId), limit)
                .map(all -> all.stream().map(AssessmentView::of).toList());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
