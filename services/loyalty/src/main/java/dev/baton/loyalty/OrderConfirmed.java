package dev.baton.loyalty;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The part of {@code dev.baton.order.confirmed.v1} loyalty reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderConfirmed(String orderId, String customerId, long amountMinor, String currency) {
}
