package dev.baton.gateway.rest;

import dev.baton.platform.command.IdempotentCommands;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Turns what {@link IdempotentCommands} answered into the HTTP response, fresh or replayed alike. */
final class CommandAnswers {

    /**
     * Set to {@code true} on an answer replayed from the command log (the command had applied before, under this
     * Idempotency-Key); absent on the answer of the attempt that applied it. Stripe's header name.
     */
    static final String REPLAYED = "Idempotent-Replayed";

    private CommandAnswers() {
    }

    static Response of(IdempotentCommands.Outcome outcome) {
        var response = Response.status(outcome.status()).type(MediaType.APPLICATION_JSON).entity(outcome.body());
        if (outcome.replayed()) {
            response.header(REPLAYED, "true");
        }
        return response.build();
    }
}
