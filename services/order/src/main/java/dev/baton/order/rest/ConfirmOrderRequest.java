package dev.baton.order.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/orders:confirm} (the saga's {@code confirm_order} step, after the capture). */
@Schema(name = "ConfirmOrder")
public record ConfirmOrderRequest(
        @NotBlank @Size(max = 100) String paymentId,
        @NotBlank @Size(max = 100) String customerId,
        @Schema(description = "The Idempotency-Key of the create command that made the order")
        @NotBlank @Size(max = 255) String createOrderKey) {
}
