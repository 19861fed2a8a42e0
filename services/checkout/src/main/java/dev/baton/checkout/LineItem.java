package dev.baton.checkout;

/**
 * One line of a payment, as stored and as sent to the saga (order keeps it on the order).
 *
 * @param sku             the merchant's article number, or null
 * @param description     what was bought
 * @param quantity        how many, at least 1
 * @param unitAmountMinor price of one, in minor units of the payment's currency
 */
public record LineItem(String sku, String description, int quantity, long unitAmountMinor) {
}
