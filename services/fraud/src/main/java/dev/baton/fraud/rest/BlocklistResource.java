package dev.baton.fraud.rest;

import dev.baton.fraud.BlocklistKind;
import dev.baton.fraud.rest.FraudApi.BlocklistRequest;
import dev.baton.fraud.rest.FraudApi.BlocklistView;
import dev.baton.fraud.service.BlocklistService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The block lists (customer ids, tokens, e-mail domains, countries), for operators. Changes apply to the next
 * assessment. Configured seeds (source CONFIG) can be removed here but come back on the next start.
 */
@Path("/v1/blocklist")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "blocklist", description = "Block lists the assessment rejects on")
public class BlocklistResource {

    private static final String KIND_MESSAGE = "must be one of CUSTOMER, TOKEN, EMAIL_DOMAIN, COUNTRY";

    private final BlocklistService blocklist;

    public BlocklistResource(BlocklistService blocklist) {
        this.blocklist = blocklist;
    }

    @GET
    @Operation(summary = "Block-list entries, of one kind or all")
    public Uni<List<BlocklistView>> list(
            @QueryParam("kind") @Pattern(regexp = FraudApi.KINDS, message = KIND_MESSAGE) String kind) {
        return blocklist.list(kind == null || kind.isEmpty() ? null : BlocklistKind.valueOf(kind))
                .map(all -> all.stream().map(BlocklistView::of).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add an entry: 201 when added, 200 with the entry when it was listed already")
    public Uni<Response> add(@Valid @NotNull BlocklistRequest request) {
        return blocklist.add(BlocklistKind.valueOf(request.kind()), request.value(), request.reason(), "API")
                .map(added -> Response.status(added.created() ? 201 : 200)
                        .entity(BlocklistView.of(added.entry())).build());
    }

    @DELETE
    @Operation(summary = "Remove an entry: 204, or 404 when it is not listed")
    public Uni<Response> remove(
            @QueryParam("kind") @NotNull @Pattern(regexp = FraudApi.KINDS, message = KIND_MESSAGE) String kind,
            @QueryParam("value") @NotBlank String value) {
        return blocklist.remove(BlocklistKind.valueOf(kind), value).map(ignored -> Response.noContent().build());
    }
}
