package dev.baton.ledger.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/journal-entries:reverse}, the compensation of {@code post_ledger}. */
@Schema(name = "ReverseSale")
public record ReverseEntryRequest(
        @NotBlank @Size(max = 100) String paymentId,
        @NotBlank @Size(max = 100) String customerId,
        @Schema(description = "The Idempotency-Key of the post command whose entry to reverse")
        @NotBlank @Size(max = 255) String forwardKey,
        @NotBlank @Size(max = 500) String reason) {
}
