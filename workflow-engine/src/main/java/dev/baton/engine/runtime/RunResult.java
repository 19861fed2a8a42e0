package dev.baton.engine.runtime;

import java.util.List;

/** Where an execution stands after {@link Interpreter#start} or {@link Interpreter#resume}. */
public sealed interface RunResult {
    /** The state to persist (complete, so it can be inspected or audited even when finished). */
    ExecutionState state();

    /** The workflow returned {@code value}. */
    record Succeeded(Object value, ExecutionState state) implements RunResult {
    }

    /** An error escaped every {@code try}; {@code error} is usually a map with tags and message. */
    record Failed(Object error, ExecutionState state) implements RunResult {
    }

    /**
     * Waiting: every request in {@code pending} is outstanding (several when parallel branches block together);
     * resume with outcomes in any order, one at a time or together.
     */
    record Suspended(List<PendingCall> pending, ExecutionState state) implements RunResult {
    }
}
