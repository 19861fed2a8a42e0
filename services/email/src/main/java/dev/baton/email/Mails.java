package dev.baton.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The parts of the consumed events that mails show (records named after the facts, read with Jackson). */
public final class Mails {

    private Mails() {
    }

    /** {@code dev.baton.order.confirmed.v1}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OrderConfirmed(String orderId, String paymentId, String customerEmail, long amountMinor,
            String currency, List<LineItem> lineItems) {
    }

    /** One line of an order. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LineItem(String sku, String description, int quantity, long unitAmountMinor) {
    }

    /** {@code dev.baton.payment.failed.v1}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PaymentFailed(String paymentId, String customerEmail, long amountMinor, String currency,
            String reason, String message) {
    }

    /** {@code dev.baton.payment.refunded.v1}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PaymentRefunded(String refundId, String paymentId, String orderId, String customerEmail,
            long amountMinor, String currency) {
    }

    /** A mail ready to queue. */
    public record Rendered(EmailKind kind, String recipient, String subject, String text, String html) {
    }
}
