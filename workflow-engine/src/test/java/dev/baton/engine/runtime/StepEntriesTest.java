package dev.baton.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.baton.engine.definition.DefinitionParser;
import dev.baton.engine.definition.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every step reports its entry to the listener: ids in start order, the enclosing step as parent, Google's step
 * types, and the final state. A run repeated from the same stored state (what an engine does after a crash before
 * its checkpoint) reports exactly the same transitions.
 */
class StepEntriesTest {

    private static final Workflow ALL_KINDS = DefinitionParser.parse("all_kinds.yaml", """
            main:
              params: [args]
              steps:
                - init:
                    assign:
                      - total: 0
                - loop:
                    for:
                      value: i
                      range: [1, 2]
                      steps:
                        - add:
                            assign:
                              - total: ${total + i}
                - guarded:
                    try:
                      steps:
                        - fail:
                            raise: boom
                    except:
                      as: e
                      steps:
                        - note:
                            assign:
                              - caught: ${e}
                - sub:
                    call: double
                    args:
                      x: ${total}
                    result: d
                - fan:
                    parallel:
                      branches:
                        - b1:
                            steps:
                              - nap1:
                                  call: sys.sleep
                                  args:
                                    seconds: 1
                        - b2:
                            steps:
                              - log2:
                                  call: sys.log
                                  args:
                                    text: hi
                - pick:
                    switch:
                      - condition: ${d == 6}
                        steps:
                          - inner:
                              assign:
                                - x: 1
                    next: finish
                - skipped:
                    return: no
                - finish:
                    return: ${d}
            double:
              params: [x]
              steps:
                - calc:
                    return: ${x * 2}
            """);

    /** Collects transitions in order. */
    private static final class Recorder implements StepListener {
        final List<StepEntry> seen = new ArrayList<>();

        @Override
        public void transition(StepEntry entry) {
            seen.add(entry);
        }

        /** The transitions without their times (the only part a replay may change). */
        List<String> timeless() {
            return seen.stream().map(e -> e.id() + " " + e.parent() + " " + e.thread() + " " + e.routine() + "/"
                    + e.step() + " " + e.type() + " " + e.state() + " " + e.error() + " " + e.callId()).toList();
        }
    }

    /** Applies transitions in order: the table an engine would store. */
    private static Map<Long, String> table(List<StepEntry> transitions) {
        Map<Long, String> t = new LinkedHashMap<>();
        Map<Long, String> calls = new LinkedHashMap<>();
        for (StepEntry e : transitions) {
            if (e.callId() != null) {
                calls.put(e.id(), e.callId());
            }
            t.put(e.id(), e.parent() + " " + e.thread() + " " + e.routine() + "/" + e.step() + " " + e.type() + " "
                    + e.state() + (e.error() == null ? "" : " " + e.error())
                    + (calls.containsKey(e.id()) ? " " + calls.get(e.id()) : ""));
        }
        return t;
    }

    private static Interpreter interpreter(StepListener listener) {
        return new Interpreter(ALL_KINDS, Environment.fixed(1_700_000_000, Map.of()), Limits.GOOGLE, Set.of(),
                listener);
    }

    private static Outcome sleepDone(RunResult r) {
        PendingCall p = assertInstanceOf(RunResult.Suspended.class, r).pending().getFirst();
        return Outcome.value(p.id(), null);
    }

    @Test
    void run_everyStepKind_reportsOneEntryPerStepWithParentTypeAndFinalState() {
        Recorder rec = new Recorder();
        Interpreter in = interpreter(rec);
        RunResult first = in.start(Map.of());
        RunResult done = in.resume(first.state(), List.of(sleepDone(first)));
        assertEquals(6L, assertInstanceOf(RunResult.Succeeded.class, done).value());
        Map<Long, String> expected = new LinkedHashMap<>();
        expected.put(1L, "0 main main/init STEP_ASSIGN SUCCEEDED");
        expected.put(2L, "0 main main/loop STEP_FOR SUCCEEDED");
        expected.put(3L, "2 main main/add STEP_ASSIGN SUCCEEDED");
        expected.put(4L, "2 main main/add STEP_ASSIGN SUCCEEDED");
        expected.put(5L, "0 main main/guarded STEP_TRY_RETRY_EXCEPT SUCCEEDED");
        expected.put(6L, "5 main main/fail STEP_RAISE FAILED boom");
        expected.put(7L, "5 main main/note STEP_ASSIGN SUCCEEDED");
        expected.put(8L, "0 main main/sub STEP_SUBWORKFLOW_CALL SUCCEEDED");
        expected.put(9L, "8 main double/calc STEP_RETURN SUCCEEDED");
        expected.put(10L, "0 main main/fan STEP_PARALLEL_BRANCH SUCCEEDED");
        expected.put(11L, "10 main/fan/b1 main/nap1 STEP_STD_LIB_CALL SUCCEEDED main/fan/b1/nap1/0");
        expected.put(12L, "10 main/fan/b2 main/log2 STEP_STD_LIB_CALL SUCCEEDED");
        expected.put(13L, "0 main main/pick STEP_SWITCH SUCCEEDED");
        expected.put(14L, "13 main main/inner STEP_ASSIGN SUCCEEDED");
        expected.put(15L, "0 main main/finish STEP_RETURN SUCCEEDED");
        assertEquals(expected, table(rec.seen));
        assertEquals(15, done.state().steps());
    }

    @Test
    void suspend_blockingCall_leavesItsStepAndItsContainersInProgress() {
        Recorder rec = new Recorder();
        RunResult first = interpreter(rec).start(Map.of());
        Map<Long, String> t = table(rec.seen);
        assertEquals("0 main main/fan STEP_PARALLEL_BRANCH IN_PROGRESS", t.get(10L));
        assertEquals("10 main/fan/b1 main/nap1 STEP_STD_LIB_CALL IN_PROGRESS main/fan/b1/nap1/0", t.get(11L));
        assertEquals("10 main/fan/b2 main/log2 STEP_STD_LIB_CALL SUCCEEDED", t.get(12L));
        assertEquals(12, first.state().steps());
    }

    @Test
    void resume_repeatedFromTheSameStoredState_reportsExactlyTheSameTransitions() {
        Recorder before = new Recorder();
        RunResult first = interpreter(before).start(Map.of());
        String stored = first.state().toJson();
        Outcome outcome = sleepDone(first);

        // The run an engine did before it died without checkpointing, and the one the next engine does.
        Recorder lost = new Recorder();
        interpreter(lost).resume(stored, List.of(outcome));
        Recorder replayed = new Recorder();
        RunResult done = interpreter(replayed).resume(stored, List.of(outcome));
        assertEquals(lost.timeless(), replayed.timeless());

        // And the stored history equals the one of a run that never stopped.
        Recorder uninterrupted = new Recorder();
        Interpreter in = interpreter(uninterrupted);
        RunResult live = in.start(Map.of());
        in.resume(live.state(), List.of(sleepDone(live)));
        List<StepEntry> history = new ArrayList<>(before.seen);
        history.addAll(replayed.seen);
        assertEquals(table(uninterrupted.seen), table(history));
        assertEquals(List.of(11L, 10L, 13L, 14L, 14L, 13L, 15L, 15L),
                replayed.seen.stream().map(StepEntry::id).toList());
        assertEquals(6L, assertInstanceOf(RunResult.Succeeded.class, done).value());
    }

    @Test
    void error_escapingEveryTry_failsEachStepItLeaves() {
        Workflow w = DefinitionParser.parse("escape.yaml", """
                main:
                  steps:
                    - outer:
                        steps:
                          - call:
                              call: http.get
                              args:
                                url: https://example.com/x
                """);
        Recorder rec = new Recorder();
        Interpreter in = new Interpreter(w, Environment.fixed(0, Map.of()), Limits.GOOGLE, Set.of(), rec);
        RunResult r = in.start(null);
        PendingCall p = assertInstanceOf(RunResult.Suspended.class, r).pending().getFirst();
        RunResult failed = in.resume(r.state(), List.of(Outcome.failure(p.id(), "ConnectionError", "refused")));
        assertInstanceOf(RunResult.Failed.class, failed);
        Map<Long, String> t = table(rec.seen);
        assertEquals("0 main main/outer STEP_STEPS FAILED {message=refused, tags=[ConnectionError]}", t.get(1L));
        assertEquals("1 main main/call STEP_STD_LIB_CALL FAILED {message=refused, tags=[ConnectionError]}"
                + " main/call/0", t.get(2L));
    }
}
