package dev.baton.checkout;

/**
 * Where a payment is, as checkout reports it; mirrored by {@code payment_state_check}. Every transition is one
 * {@code UPDATE ... WHERE state = <expected>} (see {@code PaymentQueries}), so a late or duplicate signal changes
 * nothing, and an illegal one (completing a completed payment) is refused with 409.
 *
 * <pre>{@code
 * stateDiagram-v2
 *     [*] --> PENDING: POST /v1/payments
 *     PENDING --> PENDING: engine unreachable, start retried later
 *     PENDING --> PROCESSING: engine created the execution
 *     PROCESSING --> SUCCEEDED: :complete SUCCEEDED
 *     PROCESSING --> FAILED: :complete FAILED
 *     PROCESSING --> SUCCEEDED: reconciler, execution SUCCEEDED with a SUCCEEDED result
 *     PROCESSING --> FAILED: reconciler, execution FAILED or CANCELLED, or SUCCEEDED with a FAILED result
 *     PENDING --> SUCCEEDED: :complete SUCCEEDED (execution name never recorded)
 *     PENDING --> FAILED: :complete FAILED (execution name never recorded)
 *     SUCCEEDED --> [*]
 *     FAILED --> [*]
 * }</pre>
 */
public enum PaymentState {

    /**
     * Recorded, and the {@code payment} execution not (known to be) created yet: "start pending". Entered by
     * {@code POST /v1/payments}. The request's own attempt, or later the background starter, moves it to PROCESSING
     * once the engine answers with the execution's name. While the engine is unreachable it stays here and the
     * starter retries with backoff, so an accepted payment is never lost. The saga's {@code :complete} may also end
     * it directly: that happens only when checkout crashed between the engine's answer and recording it.
     */
    PENDING,

    /**
     * The execution exists and its name is recorded; the saga runs (fraud, authorize, order, ledger, capture,
     * confirm). Left by the saga's last command, {@code POST /v1/payments/{id}:complete}, or, when the execution
     * ended without it (cancelled, or an error escaped the saga), by the reconciler ({@code SagaReconciler}), which
     * reads the execution of payments PROCESSING for longer than {@code baton.checkout.reconcile.age}.
     */
    PROCESSING,

    /** Terminal. Money was captured and the order confirmed; {@code dev.baton.payment.succeeded.v1} emitted on entry. */
    SUCCEEDED,

    /**
     * Terminal. The saga ended without captured money (fraud rejection, decline, or a later failure whose
     * compensations ran); {@code dev.baton.payment.failed.v1} emitted on entry with the reason.
     */
    FAILED;

    /** Whether the payment has its outcome. */
    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
