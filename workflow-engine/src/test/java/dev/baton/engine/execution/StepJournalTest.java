package dev.baton.engine.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.baton.engine.definition.DefinitionParser;
import dev.baton.engine.definition.Workflow;
import dev.baton.engine.repository.StepEntryRow;
import dev.baton.engine.runtime.Environment;
import dev.baton.engine.runtime.Interpreter;
import dev.baton.engine.runtime.Limits;
import dev.baton.engine.runtime.Outcome;
import dev.baton.engine.runtime.RunResult;
import dev.baton.engine.runtime.StepEntry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What one checkpoint writes of a run's history stays bounded, and never leaves a stored entry open for ever. */
class StepJournalTest {

    private static final Workflow LONG_LOOP = DefinitionParser.parse("long_loop.yaml", """
            main:
              params: [n]
              steps:
                - start:
                    call: wait
                - init:
                    assign:
                      - total: 0
                - loop:
                    for:
                      value: i
                      range: ${[1, n]}
                      steps:
                        - add:
                            assign:
                              - total: ${total + i}
                - done:
                    return: ${total}
            wait:
              steps:
                - nap:
                    call: sys.sleep
                    args:
                      seconds: 1
            """);

    @Test
    void rows_loopOfNearlyOneHundredThousandSteps_keepsOnlyTheNewestAndTheEntryOpenedBefore() {
        UUID id = UUID.randomUUID();
        StepJournal first = new StepJournal(id, 1000);
        Interpreter in = new Interpreter(LONG_LOOP, Environment.fixed(0, Map.of()), Limits.GOOGLE, Set.of(), first);
        first.startAt(0);
        RunResult waiting = in.start(99_990L);
        // The first run stops in the subworkflow's sleep: "start" and "nap" are open.
        assertEquals(List.of("1 start IN_PROGRESS", "2 nap IN_PROGRESS"), first.rows().stream()
                .map(r -> r.entryId() + " " + r.step() + " " + r.state()).toList());

        StepJournal second = new StepJournal(id, 1000);
        Interpreter again = new Interpreter(LONG_LOOP, Environment.fixed(0, Map.of()), Limits.GOOGLE, Set.of(),
                second);
        second.startAt(waiting.state().steps());
        String pending = assertInstanceOf(RunResult.Suspended.class, waiting).pending().getFirst().id();
        RunResult done = again.resume(waiting.state(), List.of(Outcome.value(pending, null)));
        assertInstanceOf(RunResult.Succeeded.class, done);
        long steps = done.state().steps();
        assertEquals(2 + 1 + 1 + 99_990 + 1, steps);
        assertEquals(steps, second.lastEntry());

        List<StepEntryRow> rows = second.rows();
        // Entries 1 and 2 were stored open by the first checkpoint: their ends are written whatever came after.
        assertEquals(List.of("1 start SUCCEEDED", "2 nap SUCCEEDED"), rows.subList(0, 2).stream()
                .map(r -> r.entryId() + " " + r.step() + " " + r.state()).toList());
        // Then the newest 1000 that ended in this run: the loop step (it ended late), the last 998 additions and
        // "done"; "init" and the first additions are not written.
        List<Long> expected = new java.util.ArrayList<>(List.of(4L));
        expected.addAll(LongStream.rangeClosed(steps - 998, steps).boxed().toList());
        assertEquals(expected, rows.subList(2, rows.size()).stream().map(StepEntryRow::entryId).toList());
        assertEquals(steps - 2 - 1000, second.dropped());
        assertEquals(StepEntry.State.SUCCEEDED, rows.getLast().state());
        assertEquals("done", rows.getLast().step());
    }
}
