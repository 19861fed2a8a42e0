package dev.baton.loyalty;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The part of {@code dev.baton.order.cancelled.v1} loyalty reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderCancelled(String orderId, String customerId, String reason) {
}
