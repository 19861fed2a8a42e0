package dev.baton.checkout.rest;

import dev.baton.platform.rest.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;

/** Test-only endpoints that fail in each way the platform's problem mappers must cover. */
@Path("/test/problems")
public class ProblemProbeResource {

    public record Line(@NotBlank String sku, @Positive long amount) {
    }

    public record Order(@NotBlank String customer, @NotEmpty List<@Valid Line> lines) {
    }

    @POST
    @Path("/validated")
    public String validated(@Valid Order order) {
        return "ok";
    }

    @GET
    @Path("/own")
    public String own() {
        throw new ProblemException(409, "payment-already-captured", "Payment already captured",
                "Payment pay_1 was captured at 12:00; it cannot be voided.");
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("secret internals");
    }
}
