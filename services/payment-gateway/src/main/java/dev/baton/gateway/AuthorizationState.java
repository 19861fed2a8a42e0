package dev.baton.gateway;

/**
 * Where an authorization is in its life, mirrored by {@code payment_authorization_state_check}. Every transition is
 * one {@code UPDATE ... WHERE state = <expected>} (see {@code repository.AuthorizationQueries}), so a late or
 * duplicate command changes nothing and is answered from what the row says.
 *
 * <pre>{@code
 * stateDiagram-v2
 *     [*] --> AUTHORIZED: authorize (approved)
 *     [*] --> DECLINED: authorize (declined)
 *     AUTHORIZED --> VOIDED: void
 *     AUTHORIZED --> CAPTURED: capture
 *     CAPTURED --> PARTIALLY_REFUNDED: refund (part)
 *     CAPTURED --> REFUNDED: refund (rest)
 *     PARTIALLY_REFUNDED --> PARTIALLY_REFUNDED: refund (part)
 *     PARTIALLY_REFUNDED --> REFUNDED: refund (rest)
 *     DECLINED --> [*]
 *     VOIDED --> [*]
 *     REFUNDED --> [*]
 * }</pre>
 *
 * <p>What each command does in a state it does not move: void answers NOTHING_TO_VOID in DECLINED, VOIDED and
 * REFUNDED and 409 in CAPTURED and PARTIALLY_REFUNDED (a void is not a refund); capture answers 409 anywhere but
 * AUTHORIZED; refund answers NOTHING_TO_REFUND (no amount asked) or 422 (an amount asked) once nothing is left.
 */
public enum AuthorizationState {

    /**
     * The provider approved and holds {@code amountMinor} on the card. Entered by the saga's authorize step; left by
     * its capture step (to CAPTURED) or by the void that compensates authorize (to VOIDED).
     */
    AUTHORIZED,

    /**
     * Terminal. The provider refused the card ({@code declineCode} says why); nothing is held. Entered by authorize,
     * answered with 200 because a decline is a decision. Void finds nothing to void.
     */
    DECLINED,

    /** Terminal. The hold was released before any capture. Entered by void (saga compensation or operator). */
    VOIDED,

    /**
     * The money moved: {@code capturedMinor} (at most the authorized amount; the rest of the hold is released).
     * Entered by capture; left by refunds. A void here is refused with 409: the saga refunds captures first.
     */
    CAPTURED,

    /**
     * Part of the capture was given back; more refunds may follow until nothing is left. Entered and left by refund
     * (saga compensation of capture, or an operator refunding a confirmed order).
     */
    PARTIALLY_REFUNDED,

    /**
     * Terminal. Everything captured was given back. A void afterwards finds nothing to void, which is how the saga's
     * reverse-order compensation (refund, then void) ends cleanly.
     */
    REFUNDED
}
