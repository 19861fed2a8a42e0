package dev.baton.email.service;

import dev.baton.email.EmailKind;
import dev.baton.email.Mails;
import dev.baton.email.Money;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders each mail as text and HTML from the Qute templates under {@code templates/}. HTML templates escape their
 * values, so customer-supplied text (line item descriptions) cannot inject markup.
 */
@ApplicationScoped
public class MailRenderer {

    /** One receipt line as the templates show it. */
    @TemplateData
    public record Line(int quantity, String description, String unitPrice) {
    }

    /** Failure messages for the reason codes of {@code dev.baton.payment.failed.v1}, when the event gives none. */
    private static final Map<String, String> REASONS = Map.of(
            "card_declined", "Your card was declined.",
            "insufficient_funds", "Your card has insufficient funds.",
            "fraud_rejected", "We could not verify this payment.",
            "fraud_review", "We could not verify this payment.",
            "processing_error", "The payment provider had a problem processing it.");

    /**
     * The payment saga reports a step that gave up as {@code <step>_failed} (deploy/workflows/payment.workflows.yaml);
     * its {@code message} is then the engine's error text, meant for operators, so the customer gets this instead.
     */
    private static final String STEP_FAILED = "We could not complete it because of a problem on our side.";

    /**
     * Reasons of a saga that may have captured the money before it failed: capture (it may have happened before the
     * step timed out) and confirm_order (after the capture). The compensation refunds it, and the refund notice
     * follows separately, so this notice must not say that no money was taken.
     */
    private static final Set<String> MAYBE_CAPTURED = Set.of("capture_failed", "confirm_order_failed");

    private final Template receiptText;
    private final Template receiptHtml;
    private final Template failedText;
    private final Template failedHtml;
    private final Template refundText;
    private final Template refundHtml;

    public MailRenderer(@Location("receipt.txt") Template receiptText, @Location("receipt.html") Template receiptHtml,
            @Location("payment-failed.txt") Template failedText, @Location("payment-failed.html") Template failedHtml,
            @Location("refund.txt") Template refundText, @Location("refund.html") Template refundHtml) {
        this.receiptText = receiptText;
        this.receiptHtml = receiptHtml;
        this.failedText = failedText;
        this.failedHtml = failedHtml;
        this.refundText = refundText;
        this.refundHtml = refundHtml;
    }

    public Mails.Rendered receipt(Mails.OrderConfirmed order) {
        List<Line> lines = order.lineItems().stream()
                .map(l -> new Line(l.quantity(), l.description(), Money.format(l.unitAmountMinor(), order.currency())))
                .toList();
        var data = Map.<String, Object>of("orderId", order.orderId(), "paymentId", order.paymentId(),
                "lines", lines, "total", Money.format(order.amountMinor(), order.currency()));
        return new Mails.Rendered(EmailKind.RECEIPT, order.customerEmail(), "Your receipt for order " + order.orderId(),
                receiptText.data(data).render(), receiptHtml.data(data).render());
    }

    public Mails.Rendered paymentFailed(Mails.PaymentFailed failed) {
        String message;
        if (failed.reason().endsWith("_failed")) {
            message = STEP_FAILED;
        } else if (failed.message() != null && !failed.message().isBlank()) {
            message = failed.message();
        } else {
            message = REASONS.getOrDefault(failed.reason(), "The payment could not be completed.");
        }
        var data = Map.<String, Object>of("paymentId", failed.paymentId(),
                "amount", Money.format(failed.amountMinor(), failed.currency()), "message", message,
                "maybeCaptured", MAYBE_CAPTURED.contains(failed.reason()));
        return new Mails.Rendered(EmailKind.PAYMENT_FAILED, failed.customerEmail(),
                "Your payment " + failed.paymentId() + " did not go through",
                failedText.data(data).render(), failedHtml.data(data).render());
    }

    public Mails.Rendered refund(Mails.PaymentRefunded refund) {
        var data = Map.<String, Object>of("orderId", refund.orderId(), "paymentId", refund.paymentId(),
                "refundId", refund.refundId(), "amount", Money.format(refund.amountMinor(), refund.currency()));
        return new Mails.Rendered(EmailKind.REFUND, refund.customerEmail(),
                "Your refund for order " + refund.orderId() + " (payment " + refund.paymentId() + ")",
                refundText.data(data).render(), refundHtml.data(data).render());
    }
}
