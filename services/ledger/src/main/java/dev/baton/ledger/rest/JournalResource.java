package dev.baton.ledger.rest;

import dev.baton.ledger.service.LedgerService;
import dev.baton.platform.command.IdempotencyKeys;
import dev.baton.platform.command.IdempotentCommands;
import dev.baton.platform.security.TaskQueueCommand;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The journal: the saga's commands (post a sale, reverse it as the compensation), each applied once per
 * {@code Idempotency-Key} (protocol: deploy/workflows/README.md), and reads of entries.
 */
@Path("/v1")
@Tag(name = "journal", description = "Double-entry journal entries: post a payment's sale, reverse it")
@Produces(MediaType.APPLICATION_JSON)
public class JournalResource {

    /** Set on a response that is the stored answer of an earlier request with the same key. */
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    private final IdempotentCommands commands;
    private final LedgerService ledger;

    public JournalResource(IdempotentCommands commands, LedgerService ledger) {
        this.commands = commands;
        this.ledger = ledger;
    }

    @TaskQueueCommand
    @POST
    @Path("journal-entries")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Post the sale of a payment (saga step post_ledger)",
            description = "201 with the entry: DR receivable:gateway, CR revenue:sales (configurable), the amount "
                    + "each. 409 when the payment has a sale already or the post was compensated; 422 when the key "
                    + "was used for another request.")
    public Uni<Response> post(@Parameter(description = "required, at most 255 characters")
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @NotNull @Valid PostEntryRequest request) {
        String key = IdempotencyKeys.require(idempotencyKey);
        var sale = new LedgerService.NewSale(request.paymentId(), request.customerId(), request.amountMinor(),
                request.currency(), request.description());
        return commands.apply(key, "ledger.post", request, tx -> ledger.post(tx, key, sale)
                .map(e -> new IdempotentCommands.Result(201, JournalEntryView.of(e, null))))
                .map(JournalResource::respond);
    }

    @TaskQueueCommand
    @POST
    @Path("journal-entries:reverse")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reverse the sale a post command made (compensation of post_ledger)",
            description = "201 {status: REVERSED, entryId, reverses, lines} posts the sale's lines with every side "
                    + "swapped; 200 {status: ALREADY_REVERSED, ...} when another key reversed it; 200 {status: "
                    + "NOTHING_TO_REVERSE} when the post never applied (it now answers 409 if it arrives late). "
                    + "Nothing is ever deleted.")
    public Uni<Response> reverse(@Parameter(description = "required, at most 255 characters")
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @NotNull @Valid ReverseEntryRequest request) {
        String key = IdempotencyKeys.require(idempotencyKey);
        return commands.compensate(key, "ledger.reverse", request, request.forwardKey(),
                (tx, forwardApplied) -> ledger.reverse(tx, forwardApplied, request.forwardKey(),
                        request.paymentId(), request.customerId(), request.reason(), key)
                        .map(r -> new IdempotentCommands.Result(
                                r.status() == LedgerService.ReverseStatus.REVERSED ? 201 : 200, ReversalView.of(r))))
                .map(JournalResource::respond);
    }

    @GET
    @Path("journal-entries/{id}")
    @Operation(summary = "One journal entry with its lines")
    public Uni<JournalEntryView> get(
            @PathParam("id") @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String id) {
        return ledger.get(UUID.fromString(id)).map(p -> JournalEntryView.of(p.entry(), p.reversedBy()));
    }

    @GET
    @Path("journal-entries")
    @Operation(summary = "Journal entries, oldest first; ?paymentId= gives a payment's sale and its reversal")
    public Uni<List<JournalEntryView>> list(@QueryParam("paymentId") String paymentId,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        // An empty ?paymentId= is no filter.
        return ledger.list(paymentId == null || paymentId.isBlank() ? null : paymentId, limit)
                .map(list -> list.stream().map(p -> JournalEntryView.of(p.entry(), p.reversedBy())).toList());
    }

    private static Response respond(IdempotentCommands.Outcome outcome) {
        var response = Response.status(outcome.status()).type(MediaType.APPLICATION_JSON).entity(outcome.body());
        if (outcome.replayed()) {
            response.header(REPLAYED_HEADER, "true");
        }
        return response.build();
    }
}
