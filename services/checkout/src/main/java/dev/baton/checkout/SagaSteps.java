package dev.baton.checkout;

import java.util.List;
import java.util.Optional;

/**
 * The payment saga's forward steps in order (deploy/workflows/README.md), onto which checkout maps the engine's
 * {@code status.currentSteps} to report progress. Compensations count as the step that failed: they run while the
 * failed step's frame is still on the execution's stack, so the innermost frame naming a saga step is the one
 * reported.
 */
public final class SagaSteps {

    /** The seven steps, in the order they run. */
    public static final List<String> ALL = List.of("assess_fraud", "authorize", "create_order", "post_ledger",
            "capture", "confirm_order", "record_outcome");

    /** How many steps a payment has: every one of {@link #ALL}. */
    public static final int TOTAL = ALL.size();

    private SagaSteps() {
    }

    /** Steps done before {@code step} runs (its index), or empty when {@code step} is not a saga step. */
    public static Optional<Integer> doneBefore(String step) {
        int i = step == null ? -1 : ALL.indexOf(step);
        return i < 0 ? Optional.empty() : Optional.of(i);
    }

    /**
     * The saga step an execution is at, from its current frames (outermost first, as the Executions API lists
     * them): the innermost frame whose step is a saga step, or empty when none is.
     */
    public static Optional<String> current(List<String> frameSteps) {
        for (int i = frameSteps.size() - 1; i >= 0; i--) {
            if (ALL.contains(frameSteps.get(i))) {
                return Optional.of(frameSteps.get(i));
            }
        }
        return Optional.empty();
    }
}
