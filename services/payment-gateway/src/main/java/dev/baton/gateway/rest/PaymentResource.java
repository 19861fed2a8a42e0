package dev.baton.gateway.rest;

import dev.baton.gateway.Authorization;
import dev.baton.gateway.AuthorizationState;
import dev.baton.gateway.Capture;
import dev.baton.gateway.Refund;
import dev.baton.gateway.repository.AuthorizationRepository;
import dev.baton.gateway.repository.CaptureRepository;
import dev.baton.gateway.repository.RefundRepository;
import dev.baton.gateway.rest.GatewayApi.AuthorizationView;
import dev.baton.gateway.rest.GatewayApi.CaptureView;
import dev.baton.gateway.rest.GatewayApi.PaymentView;
import dev.baton.gateway.rest.GatewayApi.RefundView;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Everything the gateway did for one payment, for operators and the saga's system tests (money captured if and
 * only if the order is confirmed, no double capture or refund).
 */
@Path("/v1/payments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "payments", description = "Per-payment view of authorizations, captures and refunds")
public class PaymentResource {

    private final AuthorizationRepository authorizations;
    private final CaptureRepository captures;
    private final RefundRepository refunds;

    public PaymentResource(AuthorizationRepository authorizations, CaptureRepository captures,
            RefundRepository refunds) {
        this.authorizations = authorizations;
        this.captures = captures;
        this.refunds = refunds;
    }

    @GET
    @Path("{paymentId}")
    @Operation(summary = "Every authorization, capture and refund of a payment, with totals",
            description = "A payment the gateway never saw answers 200 with empty lists and zero totals.")
    public Uni<PaymentView> get(@PathParam("paymentId") String paymentId) {
        return Uni.combine().all().unis(authorizations.listByPayment(paymentId), captures.listByPayment(paymentId),
                refunds.listByPayment(paymentId)).with((a, c, r) -> view(paymentId, a, c, r));
    }

    static PaymentView view(String paymentId, List<Authorization> authorizations, List<Capture> captures,
            List<Refund> refunds) {
        long authorized = authorizations.stream().filter(a -> a.state() != AuthorizationState.DECLINED)
                .mapToLong(Authorization::amountMinor).sum();
        long captured = captures.stream().mapToLong(Capture::amountMinor).sum();
        long refunded = refunds.stream().mapToLong(Refund::amountMinor).sum();
        return new PaymentView(paymentId, authorized, captured, refunded, captured - refunded, authorizations.size(),
                captures.size(), refunds.size(), authorizations.stream().map(AuthorizationView::of).toList(),
                captures.stream().map(CaptureView::of).toList(), refunds.stream().map(RefundView::of).toList());
    }
}
