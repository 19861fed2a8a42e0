package dev.baton.engine.runtime;

/**
 * Receives every step transition of a run, in the order they happen, on the interpreter's thread. The interpreter
 * keeps no history itself; what to keep (and how much) is the listener's business, so the language core stays free
 * of storage.
 */
@FunctionalInterface
public interface StepListener {

    /** Ignores everything. */
    StepListener NONE = e -> { };

    /** A step started, blocked on a call, or ended. */
    void transition(StepEntry entry);
}
