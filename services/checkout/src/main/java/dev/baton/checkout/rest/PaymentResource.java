package dev.baton.checkout.rest;

import dev.baton.checkout.PaymentState;
import dev.baton.checkout.repository.PaymentRepository;
import dev.baton.checkout.service.PaymentRules;
import dev.baton.checkout.service.PaymentService;
import dev.baton.platform.command.IdempotencyKeys;
import dev.baton.platform.rest.Problem;
import dev.baton.platform.security.TaskQueueCommand;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The public payments API (bearer API key) and the saga's {@code :complete} command (which carries the task
 * queue's OIDC token instead, checked when {@code baton.command-auth.enabled}).
 */
@Path("/v1/payments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "payments", description = "Accept payments, follow them, and record their saga's outcome")
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An API key from baton.checkout.api-keys")
public class PaymentResource {

    /** Header set on a response that repeats the stored answer of an earlier request with the same key. */
    public static final String REPLAYED = "Idempotent-Replayed";
    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;

    private final PaymentService service;
    private final PaymentViews views;

    public PaymentResource(PaymentService service, PaymentViews views) {
        this.service = service;
        this.views = views;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiKeyRequired
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Accept a payment and start its saga",
            description = "Idempotent per Idempotency-Key: the same key and body replays the stored answer"
                    + " (header Idempotent-Replayed: true), another body is 422, a duplicate while the first runs"
                    + " is 409. Keys are kept 24 h at least.")
    @APIResponse(responseCode = "202", description = "Recorded; PROCESSING when the saga started, PENDING when its"
            + " start is being retried", content = @Content(schema = @Schema(implementation = PaymentViews.Accepted.class)))
    @APIResponse(responseCode = "400", description = "Invalid body or Idempotency-Key")
    @APIResponse(responseCode = "401", description = "No or unknown API key")
    @APIResponse(responseCode = "409", description = "A request with this key is still being processed")
    @APIResponse(responseCode = "422", description = "Key reused for another body, card number sent, or line items"
            + " that do not add up")
    public Uni<Response> create(
            @Parameter(description = "Client-chosen key, at most 255 characters") @HeaderParam(IdempotencyKeys.HEADER)
            String idempotencyKey,
            @Valid @NotNull CreatePaymentRequest request) {
        String key = IdempotencyKeys.require(idempotencyKey);
        var payment = request.toNewPayment();
        PaymentRules.requireAcceptable(payment);
        return service.create(key, payment, views::accepted)
                .map(answer -> json(answer.status(), answer.body(), answer.replayed()));
    }

    @GET
    // No colon in the id, so POST .../{id}:complete is never taken for this path.
    @Path("/{id: [^/:]+}")
    @ApiKeyRequired
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "A payment, with its saga's progress",
            description = "While the saga runs, progress comes from the engine; when the engine does not answer"
                    + " quickly the stored payment is returned with progress unknown (nulls).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PaymentViews.View.class)))
    @APIResponse(responseCode = "404", description = "No such payment")
    public Uni<PaymentViews.View> get(@PathParam("id") String id) {
        UUID paymentId = uuidOr404(id);
        return service.get(paymentId).map(found -> found
                .map(t -> views.view(t.payment(), t.execution()))
                .orElseThrow(() -> PaymentService.notFound(paymentId)));
    }

    @GET
    @ApiKeyRequired
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Payments, newest first, filtered and keyset-paginated",
            description = "Progress of running payments is not fetched here (nulls); read one payment for it.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PaymentViews.Page.class)))
    @APIResponse(responseCode = "400", description = "Invalid filter or page token")
    public Uni<PaymentViews.Page> list(@QueryParam("customerId") String customerId,
            @Parameter(description = "PENDING, PROCESSING, SUCCEEDED or FAILED") @QueryParam("status") String status,
            @Parameter(description = "RFC 3339; exclusive") @QueryParam("createdAfter") String createdAfter,
            @Parameter(description = "RFC 3339; exclusive") @QueryParam("createdBefore") String createdBefore,
            @Parameter(description = "1.." + MAX_PAGE + ", default " + DEFAULT_PAGE) @QueryParam("pageSize")
            String pageSize,
            @Parameter(description = "nextPageToken of the previous page") @QueryParam("pageToken") String pageToken) {
        var violations = new ArrayList<Problem.Violation>();
        PaymentState state = null;
        if (status != null && !status.isEmpty()) {
            try {
                state = PaymentState.valueOf(status);
            } catch (IllegalArgumentException e) {
                violations.add(new Problem.Violation("status", "must be one of PENDING, PROCESSING, SUCCEEDED, FAILED"));
            }
        }
        OffsetDateTime after = time("createdAfter", createdAfter, violations);
        OffsetDateTime before = time("createdBefore", createdBefore, violations);
        int size = DEFAULT_PAGE;
        if (pageSize != null && !pageSize.isEmpty()) {
            try {
                size = Integer.parseInt(pageSize);
                if (size < 1 || size > MAX_PAGE) {
                    violations.add(new Problem.Violation("pageSize", "must be between 1 and " + MAX_PAGE));
                }
            } catch (NumberFormatException e) {
                violations.add(new Problem.Violation("pageSize", "must be an integer"));
            }
        }
        PaymentRepository.Cursor cursor = decode(pageToken, violations);
        if (!violations.isEmpty()) {
            throw Violations.invalid(violations);
        }
        var filter = new PaymentRepository.ListFilter(customerId == null || customerId.isEmpty() ? null : customerId,
                state, after, before);
        return service.list(filter, cursor, size).map(page -> new PaymentViews.Page(
                page.payments().stream().map(views::view).toList(),
                page.next() == null ? null : encode(page.next())));
    }

    @TaskQueueCommand
    @POST
    @Path("/{id: [^/:]+}:complete")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record the saga's outcome (its last command, record_outcome)",
            description = "Idempotent per Idempotency-Key (the saga derives it from the payment and step). Moves the"
                    + " payment to SUCCEEDED or FAILED and emits dev.baton.payment.succeeded.v1 or .failed.v1.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PaymentViews.View.class)))
    @APIResponse(responseCode = "400", description = "Invalid body or Idempotency-Key")
    @APIResponse(responseCode = "404", description = "No such payment")
    @APIResponse(responseCode = "409", description = "The payment has its outcome already")
    @APIResponse(responseCode = "422", description = "Another customer's payment, or the key was used for another"
            + " request")
    public Uni<Response> complete(@PathParam("id") String id,
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull CompletePaymentRequest request) {
        String key = IdempotencyKeys.require(idempotencyKey);
        UUID paymentId = uuidOr404(id);
        var completion = request.toCompletion(paymentId);
        return service.complete(key, paymentId, completion, views::view)
                .map(outcome -> json(outcome.status(), outcome.body(), outcome.replayed()));
    }

    private static Response json(int status, String body, boolean replayed) {
        var response = Response.status(status).type(MediaType.APPLICATION_JSON).entity(body);
        if (replayed) {
            response.header(REPLAYED, "true");
        }
        return response.build();
    }

    private static UUID uuidOr404(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new dev.baton.platform.rest.ProblemException(404, "payment-not-found", "Payment not found",
                    "No payment with id " + id);
        }
    }

    private static OffsetDateTime time(String field, String value, java.util.List<Problem.Violation> violations) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            violations.add(new Problem.Violation(field, "must be an RFC 3339 time such as 2025-01-31T12:00:00Z"));
            return null;
        }
    }

    /** The token is the last row's creation time (epoch microseconds) and id, base64url: opaque to clients. */
    static String encode(PaymentRepository.Cursor cursor) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, cursor.createdAt().toInstant());
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + ":" + cursor.id()).getBytes(StandardCharsets.UTF_8));
    }

    static PaymentRepository.Cursor decode(String token, java.util.List<Problem.Violation> violations) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":", 2);
            var at = Instant.EPOCH.plus(Long.parseLong(parts[0]), ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
            return new PaymentRepository.Cursor(at, UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            violations.add(new Problem.Violation("pageToken", "is not a token this API issued"));
            return null;
        }
    }
}
