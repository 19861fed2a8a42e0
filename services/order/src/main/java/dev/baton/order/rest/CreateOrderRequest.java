package dev.baton.order.rest;

import dev.baton.platform.rest.IsoCurrency;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /v1/orders} (the saga's {@code create_order} step). The line items must add up to
 * {@code amountMinor} (422 otherwise).
 */
@Schema(name = "CreateOrder")
public record CreateOrderRequest(
        @Schema(description = "The payment this order is for; one order per payment", example = "pay-7f3a")
        @NotBlank @Size(max = 100) String paymentId,
        @NotBlank @Size(max = 100) String customerId,
        // The pattern is the one of dev.baton.order.confirmed.v1, so every accepted address is a valid event.
        @NotBlank @Size(max = 254) @Pattern(regexp = "[^@\\s]+@[^@\\s]+", message = "must be an e-mail address")
        String customerEmail,
        @Schema(description = "Total in minor units of currency (cents for EUR)", example = "2599")
        @NotNull @Positive Long amountMinor,
        @Schema(description = "ISO 4217 code", example = "EUR")
        @NotNull @IsoCurrency String currency,
        @NotEmpty @Size(max = 100) List<@NotNull @Valid LineItemRequest> lineItems) {

    /** One line: {@code quantity} times {@code unitAmountMinor}. */
    @Schema(name = "LineItem")
    public record LineItemRequest(
            @Schema(description = "Optional stock keeping unit") @Size(max = 100) String sku,
            @NotBlank @Size(max = 500) String description,
            @NotNull @Positive Integer quantity,
            @NotNull @PositiveOrZero Long unitAmountMinor) {
    }
}
