package dev.baton.ledger.rest;

import dev.baton.platform.rest.IsoCurrency;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/journal-entries}: the sale of a payment (the saga's {@code post_ledger} step). */
@Schema(name = "PostSale")
public record PostEntryRequest(
        @NotBlank @Size(max = 100) String paymentId,
        @NotBlank @Size(max = 100) String customerId,
        @Schema(description = "Amount in minor units of currency", example = "2599")
        @NotNull @Positive Long amountMinor,
        @Schema(description = "ISO 4217 code", example = "EUR")
        @NotNull @IsoCurrency String currency,
        @Schema(description = "Free text; defaults to \"Sale, payment <paymentId>\"")
        @Size(max = 500) String description) {
}
