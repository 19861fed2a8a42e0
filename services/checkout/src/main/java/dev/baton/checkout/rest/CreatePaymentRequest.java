package dev.baton.checkout.rest;

import dev.baton.checkout.LineItem;
import dev.baton.checkout.NewPayment;
import dev.baton.platform.rest.IsoCurrency;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
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
 * Body of {@code POST /v1/payments}. No field may hold a card number (422, checked by the platform's
 * CardNumberFilter before the body is parsed) and line items must add up to the amount (422, checked after these
 * constraints).
 */
@Schema(name = "CreatePayment")
public record CreatePaymentRequest(
        @Schema(description = "Amount in minor units of the currency (cents for EUR)", example = "2500")
        @NotNull @Positive Long amountMinor,
        @Schema(description = "ISO 4217 code", example = "EUR") @NotNull @IsoCurrency String currency,
        @NotBlank @Size(max = 100) String customerId,
        @NotBlank @Size(max = 254) @Pattern(regexp = "[^@\\s]+@[^@\\s]+", message = "must be an email address")
        String customerEmail,
        @Schema(description = "The gateway's token for the card; never a card number")
        @NotBlank @Size(max = 255) String paymentMethodToken,
        @NotEmpty @Size(max = 100) List<@Valid Item> lineItems,
        @Schema(description = "ISO 3166-1 alpha-2", example = "DE") @CountryCode String billingCountry,
        @Schema(description = "ISO 3166-1 alpha-2 of the client's IP address", example = "DE") @CountryCode
        String ipCountry,
        @Size(max = 1000) String description) {

    /** One line: quantity × unitAmountMinor, in the payment's currency. */
    @Schema(name = "LineItem")
    public record Item(@Size(max = 64) String sku, @NotBlank @Size(max = 500) String description,
            @NotNull @Positive @Max(1_000_000) Integer quantity, @NotNull @PositiveOrZero Long unitAmountMinor) {
    }

    /** The domain form; call after validation. A null line item is refused here (400, naming its index). */
    NewPayment toNewPayment() {
        var items = new java.util.ArrayList<LineItem>();
        for (int i = 0; i < lineItems.size(); i++) {
            Item item = lineItems.get(i);
            if (item == null) {
                throw Violations.invalid("lineItems[" + i + "]", "must not be null");
            }
            items.add(new LineItem(item.sku(), item.description(), item.quantity(), item.unitAmountMinor()));
        }
        return new NewPayment(amountMinor, currency, customerId, customerEmail, paymentMethodToken, items,
                billingCountry, ipCountry, description);
    }
}
