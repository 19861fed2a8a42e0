package dev.baton.loyalty;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The part of {@code dev.baton.payment.refunded.v1} loyalty reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PaymentRefunded(String refundId, String orderId, String customerId, long amountMinor, String currency) {
}
