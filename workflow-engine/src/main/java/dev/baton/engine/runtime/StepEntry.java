package dev.baton.engine.runtime;

/**
 * One step transition reported to a {@link StepListener}: a step started ({@link State#IN_PROGRESS}), is waiting on a
 * blocking call (IN_PROGRESS again, now with {@code callId}), or ended. Each started step is one entry of Google's
 * execution history ({@code stepEntries}); later transitions of the same entry carry the same {@code id}.
 *
 * <p>{@code id} is the execution's step count when the step started (1, 2, ...), so it is part of the interpreter
 * state: running the same state again (a replay after a crash) reports the same ids in the same order with the same
 * states. Only {@code time} may differ.
 *
 * @param id       entry id, unique per execution and increasing in start order
 * @param parent   the entry of the enclosing step (a for, try, switch, steps, parallel or subworkflow call step), or 0
 * @param thread   the fiber the step ran in: {@code main}, or a parallel branch or iteration path
 * @param routine  the subworkflow the step belongs to
 * @param step     the step name
 * @param type     Google's StepType name ({@code STEP_ASSIGN}, {@code STEP_STD_LIB_CALL}, ...)
 * @param state    where the step stands
 * @param error    the error map that failed the step (FAILED only), else null
 * @param callId   the blocking call the step waits on ({@link PendingCall#id()}), else null
 * @param time     when the transition happened, epoch seconds from the environment's clock
 */
public record StepEntry(long id, long parent, String thread, String routine, String step, String type, State state,
        Object error, String callId, double time) {

    /**
     * A step entry's state ({@code step_entry.state}, mirrored by its CHECK constraint). Google's names without the
     * {@code STATE_} prefix.
     *
     * <pre>{@code
     * stateDiagram-v2
     *     [*] --> IN_PROGRESS: the step starts
     *     IN_PROGRESS --> SUCCEEDED: the step (and anything it contains) completed, returned, broke or jumped away
     *     IN_PROGRESS --> FAILED: an error left the step, or the execution ended with the step open
     * }</pre>
     */
    public enum State {
        /**
         * The interpreter entered the step and has not left it: atomic steps only for the length of a run, calls
         * while their blocking request is outstanding, container steps while their nested steps run. An execution
         * cancelled (or failed by the engine) with the step open moves it to FAILED.
         */
        IN_PROGRESS,
        /** The interpreter left the step normally (including by return, break, continue or a jump). Final. */
        SUCCEEDED,
        /** An error propagated out of the step, handled further up or not. Final. */
        FAILED
    }

    /** The same entry in another state at {@code at}. */
    public StepEntry with(State newState, Object newError, String newCallId, double at) {
        return new StepEntry(id, parent, thread, routine, step, type, newState, newError,
                newCallId != null ? newCallId : callId, at);
    }
}
