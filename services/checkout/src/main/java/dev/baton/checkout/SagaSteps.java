package dev.baton.checkout;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The payment saga's seven steps in order (deploy/workflows/README.md), and where an execution is among them,
 * judged from the step names the engine reports in {@code status.currentSteps}.
 *
 * <p>Besides the seven, payment.workflows.yaml has steps that prepare a saga step (registering its compensation),
 * check its answer or remember its result: they count as that saga step ({@link #PART_OF}). The steps that run
 * after a failure (compensations and the failure report) count as the step that failed; their names do not say
 * which one that was, so {@link #locate} reports {@link Compensating} and the caller supplies the last saga step it
 * saw the execution at. Keep these tables in step with the workflow file.
 */
public final class SagaSteps {

    /** The seven steps, in the order they run. */
    public static final List<String> ALL = List.of("assess_fraud", "authorize", "create_order", "post_ledger",
            "capture", "confirm_order", "record_outcome");

    /** How many steps a payment has: every one of {@link #ALL}. */
    public static final int TOTAL = ALL.size();

    /** Helper steps of payment.workflows.yaml and the saga step each belongs to. */
    static final Map<String, String> PART_OF = Map.ofEntries(
            Map.entry("init", "assess_fraud"), Map.entry("check_verdict", "assess_fraud"),
            Map.entry("register_void", "authorize"), Map.entry("check_authorization", "authorize"),
            Map.entry("register_cancel", "create_order"), Map.entry("remember_order", "create_order"),
            Map.entry("register_reverse", "post_ledger"), Map.entry("register_refund", "capture"),
            Map.entry("mark_confirm", "confirm_order"), Map.entry("succeeded", "record_outcome"));

    /** Steps of payment.workflows.yaml that run once a step failed: they count as the step that failed. */
    static final Set<String> AFTER_FAILURE = Set.of("compensate", "run_compensation", "classify", "record_failure",
            "failed");

    /** Where an execution is. */
    public sealed interface Position {
    }

    /** At (or around) this saga step. */
    public record At(String step) implements Position {
    }

    /** Compensating after a failure, or reporting it: the step that failed is the last one seen. */
    public record Compensating() implements Position {
    }

    /** At no step these tables know. */
    public record Unknown() implements Position {
    }

    private SagaSteps() {
    }

    /** Steps done before {@code step} runs (its index), or empty when {@code step} is not a saga step. */
    public static Optional<Integer> doneBefore(String step) {
        int i = step == null ? -1 : ALL.indexOf(step);
        return i < 0 ? Optional.empty() : Optional.of(i);
    }

    /**
     * Where an execution is, from its current frames (outermost first, as the Executions API lists them): the
     * innermost frame whose step these tables know decides.
     */
    public static Position locate(List<String> frameSteps) {
        for (int i = frameSteps.size() - 1; i >= 0; i--) {
            String name = frameSteps.get(i);
            if (ALL.contains(name)) {
                return new At(name);
            }
            if (PART_OF.containsKey(name)) {
                return new At(PART_OF.get(name));
            }
            if (AFTER_FAILURE.contains(name)) {
                return new Compensating();
            }
        }
        return new Unknown();
    }
}
