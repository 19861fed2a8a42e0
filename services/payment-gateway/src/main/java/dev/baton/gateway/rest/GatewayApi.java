package dev.baton.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.gateway.Authorization;
import dev.baton.gateway.Capture;
import dev.baton.gateway.Refund;
import dev.baton.platform.rest.IsoCurrency;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The gateway's API models: command bodies (validated), their answers, and the read views. Named apart from the
 * stored types ({@link Authorization}, {@link Capture}, {@link Refund}) so either can change alone.
 */
public final class GatewayApi {

    private GatewayApi() {
    }

    /** The schema's e-mail shape (dev.baton.payment.refunded.v1), so what we accept we can also publish. */
    static final String EMAIL = "^[^@\\s]+@[^@\\s]+$";

    /** {@code POST /v1/authorizations}. */
    public record AuthorizeRequest(
            @NotBlank @Size(max = 100) String paymentId,
            @NotBlank @Size(max = 100) String customerId,
            @NotNull @Positive Long amountMinor,
            @NotNull @IsoCurrency String currency,
            @NotBlank @Size(max = 100) @Pattern(regexp = "tok_[a-z0-9_]+",
                    message = "must be a payment method token (tok_...); card numbers are never accepted")
            String paymentMethodToken) {
    }

    /** {@code POST /v1/authorizations:void}; {@code forwardKey} is the authorize command's Idempotency-Key. */
    public record VoidRequest(
            @NotBlank @Size(max = 100) String paymentId,
            @NotBlank @Size(max = 100) String customerId,
            @NotBlank @Size(max = 255) String forwardKey,
            @Size(max = 500) String reason) {
    }

    /** {@code POST /v1/captures}; {@code currency}, when given, must be the authorization's. */
    public record CaptureRequest(
            @NotBlank @Size(max = 100) String paymentId,
            @NotBlank @Size(max = 100) String customerId,
            @NotBlank @Size(max = 255) String authorizeKey,
            @NotNull @Positive Long amountMinor,
            @IsoCurrency String currency) {
    }

    /**
     * {@code POST /v1/refunds}; {@code forwardKey} is the capture command's Idempotency-Key; {@code amountMinor}
     * absent means everything not yet refunded.
     */
    public record RefundRequest(
            @NotBlank @Size(max = 100) String paymentId,
            @NotBlank @Size(max = 100) String customerId,
            @NotBlank @Size(max = 255) String forwardKey,
            @NotBlank @Size(max = 100) String orderId,
            @NotBlank @Size(max = 254) @Pattern(regexp = EMAIL, message = "must be an e-mail address")
            String customerEmail,
            @Positive Long amountMinor,
            @NotBlank @Size(max = 500) String reason) {
    }

    /** Answer to authorize: AUTHORIZED, or DECLINED with {@code declineCode}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AuthorizationAnswer(UUID authorizationId, String paymentId, String status, String declineCode,
            long amountMinor, String currency) {
        static AuthorizationAnswer of(Authorization a) {
            return new AuthorizationAnswer(a.id(), a.paymentId(), a.state().name(), a.declineCode(), a.amountMinor(),
                    a.currency());
        }
    }

    /** Answer to void: VOIDED or NOTHING_TO_VOID, with the authorization when there is one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VoidAnswer(String status, UUID authorizationId) {
    }

    /** Answer to capture. */
    public record CaptureAnswer(UUID captureId, UUID authorizationId, String status, long amountMinor,
            String currency) {
        static CaptureAnswer of(Capture c) {
            return new CaptureAnswer(c.id(), c.authorizationId(), "CAPTURED", c.amountMinor(), c.currency());
        }
    }

    /** Answer to refund: REFUNDED with the refund, or NOTHING_TO_REFUND with amount 0. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RefundAnswer(UUID refundId, String status, long amountMinor, String currency) {
    }

    /** An authorization as operators and system tests read it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AuthorizationView(UUID authorizationId, String paymentId, String customerId, String status,
            String declineCode, long amountMinor, String currency, long capturedMinor, long refundedMinor,
            String paymentMethodToken, String authorizeKey, String voidReason, OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {
        static AuthorizationView of(Authorization a) {
            return new AuthorizationView(a.id(), a.paymentId(), a.customerId(), a.state().name(), a.declineCode(),
                    a.amountMinor(), a.currency(), a.capturedMinor(), a.refundedMinor(), a.paymentMethodToken(),
                    a.authorizeKey(), a.voidReason(), a.createdAt(), a.updatedAt());
        }
    }

    /** A capture; {@code captureKey} is what a refund names as its {@code forwardKey}. */
    public record CaptureView(UUID captureId, UUID authorizationId, String paymentId, long amountMinor,
            String currency, String captureKey, OffsetDateTime createdAt) {
        static CaptureView of(Capture c) {
            return new CaptureView(c.id(), c.authorizationId(), c.paymentId(), c.amountMinor(), c.currency(),
                    c.captureKey(), c.createdAt());
        }
    }

    /** A refund. */
    public record RefundView(UUID refundId, UUID captureId, UUID authorizationId, String paymentId, String orderId,
            long amountMinor, String currency, String reason, String refundKey, OffsetDateTime createdAt) {
        static RefundView of(Refund r) {
            return new RefundView(r.id(), r.captureId(), r.authorizationId(), r.paymentId(), r.orderId(),
                    r.amountMinor(), r.currency(), r.reason(), r.refundKey(), r.createdAt());
        }
    }

    /**
     * Everything the gateway did for one payment, oldest first, with its sums at the top level.
     *
     * @param authorizedMinor  amounts approved (every authorization but DECLINED ones, VOIDED included)
     * @param capturedMinor    amounts captured
     * @param refundedMinor    amounts refunded
     * @param netCapturedMinor captured minus refunded: the money the payment finally moved
     */
    public record PaymentView(String paymentId, long authorizedMinor, long capturedMinor, long refundedMinor,
            long netCapturedMinor, int authorizationCount, int captureCount, int refundCount,
            List<AuthorizationView> authorizations, List<CaptureView> captures, List<RefundView> refunds) {
    }
}
