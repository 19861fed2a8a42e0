package dev.baton.gateway;

import java.util.Arrays;
import java.util.Optional;

/**
 * The payment method tokens the simulated provider knows, each behaving like a real card in one situation. Any
 * other token is refused with 422: the provider never issued it. The README's token table mirrors this enum.
 */
public enum TestToken {

    /** Approves. */
    VISA("tok_visa", Behaviour.APPROVE, null),
    /** Approves. */
    MASTERCARD("tok_mastercard", Behaviour.APPROVE, null),
    /** Approves. */
    AMEX("tok_amex", Behaviour.APPROVE, null),
    /** Declined: the account cannot cover the amount. */
    INSUFFICIENT_FUNDS("tok_insufficient_funds", Behaviour.DECLINE, "insufficient_funds"),
    /** Declined: the card was reported stolen. */
    STOLEN_CARD("tok_stolen_card", Behaviour.DECLINE, "stolen_card"),
    /** Declined: the card has expired. */
    EXPIRED_CARD("tok_expired_card", Behaviour.DECLINE, "expired_card"),
    /** Every attempt answers 503: the provider is failing; the task queue retries, then gives up. */
    PROCESSING_ERROR("tok_processing_error", Behaviour.FAIL, null),
    /**
     * The first attempt per idempotency key answers after {@code baton.gateway.simulation.slow-delay} (longer than
     * the task queue's dispatch deadline, so the queue retries); later attempts answer at once. Then approves.
     */
    SLOW("tok_slow", Behaviour.SLOW_THEN_APPROVE, null),
    /**
     * The first {@code baton.gateway.simulation.flaky-failures} attempts per idempotency key answer 503, then it
     * approves.
     */
    FLAKY("tok_flaky", Behaviour.FLAKY_THEN_APPROVE, null);

    /** How the simulated provider answers an authorization with the token. */
    public enum Behaviour {
        APPROVE, DECLINE, FAIL, SLOW_THEN_APPROVE, FLAKY_THEN_APPROVE
    }

    private final String token;
    private final Behaviour behaviour;
    private final String declineCode;

    TestToken(String token, Behaviour behaviour, String declineCode) {
        this.token = token;
        this.behaviour = behaviour;
        this.declineCode = declineCode;
    }

    /** The token as clients send it ({@code tok_visa}). */
    public String token() {
        return token;
    }

    public Behaviour behaviour() {
        return behaviour;
    }

    /** The decline code for DECLINE tokens; null otherwise. */
    public String declineCode() {
        return declineCode;
    }

    /** The known token spelled {@code token}, if any. */
    public static Optional<TestToken> of(String token) {
        return Arrays.stream(values()).filter(t -> t.token.equals(token)).findFirst();
    }
}
