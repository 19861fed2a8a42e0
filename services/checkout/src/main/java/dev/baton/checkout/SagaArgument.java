package dev.baton.checkout;

import java.util.List;
import java.util.UUID;

/**
 * The argument of a {@code payment} execution (deploy/workflows/payment.workflows.yaml reads it as {@code args}).
 * Absent optional values are sent as JSON null, never left out, so the workflow can read every key.
 */
public record SagaArgument(UUID paymentId, String customerId, String customerEmail, long amountMinor,
        String currency, String paymentMethodToken, List<LineItem> lineItems, String billingCountry,
        String ipCountry) {

    /** The argument for a stored payment. */
    public static SagaArgument of(Payment p) {
        return new SagaArgument(p.id(), p.customerId(), p.customerEmail(), p.amountMinor(), p.currency(),
                p.paymentMethodToken(), p.lineItems(), p.billingCountry(), p.ipCountry());
    }
}
