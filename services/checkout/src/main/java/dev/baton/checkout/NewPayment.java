package dev.baton.checkout;

import java.util.List;

/**
 * A payment a client asked for, validated: amounts in minor units of an ISO 4217 currency, line items adding up to
 * the amount, no card number anywhere.
 */
public record NewPayment(long amountMinor, String currency, String customerId, String customerEmail,
        String paymentMethodToken, List<LineItem> lineItems, String billingCountry, String ipCountry,
        String description) {

    public NewPayment {
        lineItems = List.copyOf(lineItems);
    }
}
