package dev.baton.fraud.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.fraud.Assessment;
import dev.baton.fraud.BlocklistEntry;
import dev.baton.platform.rest.IsoCurrency;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Fraud's API models, named apart from the stored types ({@link Assessment}, {@link BlocklistEntry}). */
public final class FraudApi {

    private FraudApi() {
    }

    static final String EMAIL = "^[^@\\s]+@[^@\\s]+$";
    static final String KINDS = "CUSTOMER|TOKEN|EMAIL_DOMAIN|COUNTRY";

    /** {@code POST /v1/assessments}. */
    public record AssessRequest(
            @NotBlank @Size(max = 100) String paymentId,
            @NotBlank @Size(max = 100) String customerId,
            @Size(max = 254) @Pattern(regexp = EMAIL, message = "must be an e-mail address") String customerEmail,
            @NotNull @Positive Long amountMinor,
            @NotNull @IsoCurrency String currency,
            @NotBlank @Size(max = 100) @Pattern(regexp = "tok_[A-Za-z0-9_]+",
                    message = "must be a payment method token (tok_...); card numbers are never accepted")
            String paymentMethodToken,
            @CountryCode String billingCountry,
            @CountryCode String ipCountry) {
    }

    /** One rule that fired. */
    public record ReasonView(String rule, String detail) {
    }

    /** Answer to assess. */
    public record AssessmentAnswer(UUID assessmentId, String paymentId, String verdict, int score,
            List<ReasonView> reasons, OffsetDateTime assessedAt) {
        static AssessmentAnswer of(Assessment a) {
            return new AssessmentAnswer(a.id(), a.paymentId(), a.verdict().name(), a.score(), reasonsOf(a),
                    a.assessedAt());
        }
    }

    /** An assessment as operators and the system tests read it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AssessmentView(UUID assessmentId, String paymentId, String customerId, String customerEmail,
            long amountMinor, String currency, String paymentMethodToken, String billingCountry, String ipCountry,
            String verdict, int score, List<ReasonView> reasons, String assessmentKey, OffsetDateTime assessedAt) {
        static AssessmentView of(Assessment a) {
            return new AssessmentView(a.id(), a.paymentId(), a.customerId(), a.customerEmail(), a.amountMinor(),
                    a.currency(), a.paymentMethodToken(), a.billingCountry(), a.ipCountry(), a.verdict().name(),
                    a.score(), reasonsOf(a), a.assessmentKey(), a.assessedAt());
        }
    }

    /** {@code POST /v1/blocklist}. */
    public record BlocklistRequest(
            @NotNull @Pattern(regexp = KINDS, message = "must be one of CUSTOMER, TOKEN, EMAIL_DOMAIN, COUNTRY")
            String kind,
            @NotBlank @Size(max = 254) String value,
            @Size(max = 500) String reason) {
    }

    /** A block-list entry. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BlocklistView(String kind, String value, String reason, String source, OffsetDateTime createdAt) {
        static BlocklistView of(BlocklistEntry e) {
            return new BlocklistView(e.kind().name(), e.value(), e.reason(), e.source(), e.createdAt());
        }
    }

    private static List<ReasonView> reasonsOf(Assessment a) {
        return a.reasons().stream().map(r -> new ReasonView(r.rule(), r.detail())).toList();
    }
}
