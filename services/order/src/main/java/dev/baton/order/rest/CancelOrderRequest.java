package dev.baton.order.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/orders:cancel}, the compensation of {@code create_order}. */
@Schema(name = "CancelOrder")
public record CancelOrderRequest(
        @NotBlank @Size(max = 100) String paymentId,
        @NotBlank @Size(max = 100) String customerId,
        @Schema(description = "The Idempotency-Key of the create command to undo")
        @NotBlank @Size(max = 255) String forwardKey,
        @NotBlank @Size(max = 500) String reason) {
}
