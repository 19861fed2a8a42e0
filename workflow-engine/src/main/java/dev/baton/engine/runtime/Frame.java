package dev.baton.engine.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of a fiber's explicit stack. The interpreter keeps no Java call stack across steps: all
 * control state lives in these frames, which is what makes every blocking point serializable.
 */
abstract sealed class Frame permits Frame.CallFrame, Frame.BranchFrame, Frame.BlockFrame, Frame.ForFrame,
        Frame.TryFrame, Frame.ParallelFrame {

    /** A subworkflow invocation; owns its variables. */
    static final class CallFrame extends Frame {
        final String subworkflow;
        final Scope scope;

        CallFrame(String subworkflow, Scope scope) {
            this.subworkflow = subworkflow;
            this.scope = scope;
        }
    }

    /** The bottom of a parallel branch or iteration fiber; its scope reads through to the parent's. */
    static final class BranchFrame extends Frame {
        final Scope scope;

        BranchFrame(Scope scope) {
            this.scope = scope;
        }
    }

    /** Executing a block: {@code index} is the step to run next. */
    static final class BlockFrame extends Frame {
        final int blockId;
        int index;
        /** Where to go once the nested frame this step pushed completes (null: the next step). */
        String after;
        /** Waiting for a call's value (a subworkflow return or a blocking outcome). */
        boolean waiting;
        /** Variable receiving that value, or null. */
        String resultVar;
        /**
         * Outcomes ({value, error}) of the function calls made while evaluating the current step, kept only
         * while a subworkflow called from one of its expressions is blocked, so re-evaluation replays them.
         */
        List<Object[]> tape;
        /** Replay position in {@link #tape}; not serialized (every evaluation starts at 0). */
        int tapePos;
        /** The blocked fiber of a subworkflow called from an expression of the current step. */
        Fiber inner;
        /** Assignments of the current step already applied, so a replayed step does not apply them twice. */
        int partial;
        /** The switch condition already chosen in the current step, or -1. */
        int chosen = -1;
        /** The step entry of the step at {@link #index} while it runs (its id, the step count at its start), else 0. */
        long entry;

        BlockFrame(int blockId) {
            this.blockId = blockId;
        }
    }

    /** A for loop between iterations. */
    static final class ForFrame extends Frame {
        final int blockId;
        final int stepIndex;
        /** The list iterated, or null for a range. */
        List<Object> items;
        /** Range bounds; ints stay ints, a double bound makes the loop variable a double. */
        Object rangeStart;
        Object rangeEnd;
        long position;
        /** Variables of the enclosing scope when the loop started; the rest are dropped when it ends. */
        Set<String> before;

        ForFrame(int blockId, int stepIndex) {
            this.blockId = blockId;
            this.stepIndex = stepIndex;
        }
    }

    /** A try step: running its body, deciding a retry, backing off, or running except. */
    static final class TryFrame extends Frame {
        enum Phase { BODY, PREDICATE, BACKOFF, EXCEPT }

        final int blockId;
        final int stepIndex;
        Phase phase = Phase.BODY;
        int retries;
        /** The evaluated retry policy (predicate, max_retries, backoff) fixed at the first error. */
        Map<String, Object> policy;
        Object error;

        TryFrame(int blockId, int stepIndex) {
            this.blockId = blockId;
            this.stepIndex = stepIndex;
        }
    }

    /** A parallel step: its children fibers, started up to the concurrency limit, and their errors. */
    static final class ParallelFrame extends Frame {
        final int blockId;
        final int stepIndex;
        /** Items of a parallel for; null for branches. */
        List<Object> items;
        int total;
        int started;
        int limit;
        int depth;
        /** Children in start order (= branch or iteration order); finished ones keep status and error only. */
        final List<Fiber> children = new ArrayList<>();

        ParallelFrame(int blockId, int stepIndex) {
            this.blockId = blockId;
            this.stepIndex = stepIndex;
        }
    }
}
