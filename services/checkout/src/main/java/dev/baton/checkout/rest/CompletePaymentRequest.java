package dev.baton.checkout.rest;

import dev.baton.checkout.Completion;
import dev.baton.checkout.PaymentState;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/payments/{id}:complete}, the saga's {@code record_outcome} command. */
@Schema(name = "CompletePayment")
public record CompletePaymentRequest(
        @Schema(description = "Must equal the id in the path") @NotNull UUID paymentId,
        @Schema(description = "Must be the payment's customer") @NotBlank @Size(max = 100) String customerId,
        @NotNull Outcome status,
        @Schema(description = "The confirmed order; required when SUCCEEDED") @Size(max = 100) String orderId,
        @Schema(description = "Machine-readable failure code (default processing_error)", example = "card_declined")
        @Size(max = 100) @Pattern(regexp = "[a-z][a-z0-9_]*", message = "must be snake_case such as card_declined")
        String reason,
        @Schema(description = "Failure detail safe to show the customer") @Size(max = 1000) String message,
        @Schema(description = "The saga step that failed", example = "capture") @Size(max = 100) String failedStep) {

    /** How the saga ended. */
    public enum Outcome {
        SUCCEEDED, FAILED
    }

    /** The domain form, after the checks Bean Validation cannot express (400 naming the field). */
    Completion toCompletion(java.util.UUID pathId) {
        if (!pathId.equals(paymentId)) {
            throw Violations.invalid("paymentId", "must equal the payment id in the path (" + pathId + ")");
        }
        if (status == Outcome.SUCCEEDED && (orderId == null || orderId.isBlank())) {
            throw Violations.invalid("orderId", "is required when status is SUCCEEDED");
        }
        // The saga sends "" when the error it caught had no message: no message, then.
        return new Completion(customerId, PaymentState.valueOf(status.name()), orderId, reason,
                message == null || message.isBlank() ? null : message, failedStep);
    }
}
