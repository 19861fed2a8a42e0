package dev.baton.engine.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.CallState;
import dev.baton.engine.ExecutionStatus;
import dev.baton.engine.runtime.StepEntry;
import dev.baton.engine.support.NoRunnerProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The claiming, lease, checkpoint, signal and timer statements, each driven with an explicit "now" (no runner in this
 * application, so nothing else touches the rows).
 */
@QuarkusTest
@TestProfile(NoRunnerProfile.class)
class ExecutionQueriesTest {

    private static final Duration LEASE = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    /** A point in time far from every other test's rows, so claims see only this test's executions. */
    private Instant t0() {
        return Instant.parse("2001-01-01T00:00:00Z").plus(Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000),
                ChronoUnit.HOURS);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private ExecutionRow insert(String workflow, Instant now, int maxActive) throws Exception {
        return await(pool.withTransaction(tx -> ExecutionQueries.lockWorkflow(tx, workflow).compose(v ->
                ExecutionQueries.insert(tx, UUID.randomUUID(), "p", "l", workflow, "000001-abc", "{}", new byte[32],
                        now, maxActive))));
    }

    /** Claims due executions as {@code owner}, keeping only {@code mine} (other tests' rows are left alone). */
    private List<UUID> claim(String owner, Instant now, UUID mine) throws Exception {
        return await(ExecutionQueries.claimDue(pool, owner, now, now.plus(LEASE), 1000)).stream()
                .map(ExecutionRow::id).filter(mine::equals).toList();
    }

    @Test
    void claimDue_leasedExecution_isNotClaimedByAnotherEngineUntilTheLeaseEnds() throws Exception {
        Instant now = t0();
        ExecutionRow e = insert("wf-lease-" + UUID.randomUUID(), now, 100);
        assertEquals(ExecutionStatus.ACTIVE, e.state());
        assertEquals(List.of(e.id()), claim("A", now, e.id()));
        assertEquals(List.of(), claim("B", now.plusSeconds(29), e.id()));
        assertEquals(List.of(e.id()), claim("B", now.plusSeconds(31), e.id()));
        // A's checkpoint after losing the lease finds nothing to lock: it must drop its work.
        Map<UUID, ExecutionQueries.Held> lockedByA = await(pool.withTransaction(tx ->
                ExecutionQueries.lockHeld(tx, List.of(e.id()), "A")));
        assertTrue(lockedByA.isEmpty());
        Map<UUID, ExecutionQueries.Held> lockedByB = await(pool.withTransaction(tx ->
                ExecutionQueries.lockHeld(tx, List.of(e.id()), "B")));
        assertEquals(0L, lockedByB.get(e.id()).signalSeq());
    }

    @Test
    void checkpoint_sleepingExecution_isDueAtItsTimerAndNotBefore() throws Exception {
        Instant now = t0();
        ExecutionRow e = insert("wf-timer-" + UUID.randomUUID(), now, 100);
        claim("A", now, e.id());
        Instant wake = now.plus(Duration.ofHours(3));
        CallRow sleep = new CallRow(e.id(), "main/nap/0", "sys.sleep", "main", "nap", new JsonObject(),
                CallState.WAITING, wake, null, null, null, 0, now, null);
        await(pool.withTransaction(tx -> ExecutionQueries.lockHeld(tx, List.of(e.id()), "A")
                .compose(v -> PendingCallQueries.upsert(tx, List.of(sleep)))
                .compose(v -> ExecutionQueries.checkpoint(tx, List.of(new ExecutionQueries.Checkpoint(e.id(), "{}",
                        new JsonArray(), 1L, false, null, 0, true)), now))));
        assertEquals(List.of(), claim("B", now.plus(Duration.ofHours(2)), e.id()));
        assertEquals(List.of(e.id()), claim("B", wake, e.id()));
        ExecutionRow stored = await(ExecutionQueries.get(pool, e.id()));
        assertEquals(1L, stored.checkpoints());
    }

    @Test
    void signal_whileHeld_leavesRunAtAloneAndTheCheckpointMakesItDueNow() throws Exception {
        Instant now = t0();
        ExecutionRow e = insert("wf-signal-" + UUID.randomUUID(), now, 100);
        claim("A", now, e.id());
        CallRow wait = new CallRow(e.id(), "main/wait/0", "events.await_callback", "main", "wait", new JsonObject(),
                CallState.WAITING, now.plus(Duration.ofDays(2)), "tok", null, null, 0, now, null);
        await(pool.withTransaction(tx -> PendingCallQueries.upsert(tx, List.of(wait))));
        // A signal arrives while A still holds the execution.
        Boolean first = await(pool.withTransaction(tx -> ExecutionQueries.lockForSignal(tx, e.id()).compose(x ->
                PendingCallQueries.complete(tx, e.id(), "main/wait/0", new JsonObject().put("value", 1),
                        now.plusSeconds(1))).compose(done -> ExecutionQueries.signal(tx, e.id(), now.plusSeconds(1))
                        .map(v -> done))));
        assertTrue(first);
        // A duplicate signal changes nothing: the first outcome wins.
        assertFalse(await(PendingCallQueries.complete(pool, e.id(), "main/wait/0",
                new JsonObject().put("value", 2), now.plusSeconds(2))));
        assertEquals(List.of(), claim("B", now.plusSeconds(2), e.id()));
        // A's checkpoint still carries the signal count it claimed with: the execution becomes due at once.
        await(pool.withTransaction(tx -> ExecutionQueries.lockHeld(tx, List.of(e.id()), "A")
                .compose(v -> ExecutionQueries.checkpoint(tx, List.of(new ExecutionQueries.Checkpoint(e.id(), null,
                        null, null, false, null, 0, false)), now.plusSeconds(3)))));
        assertEquals(List.of(e.id()), claim("B", now.plusSeconds(3), e.id()));
        List<CallRow> open = await(PendingCallQueries.openFor(pool, List.of(e.id())));
        assertEquals(1, open.getFirst().outcome().getInteger("value"));
    }

    @Test
    void insert_overTheWorkflowsConcurrency_isQueuedAndPromotedWhenOneFinishes() throws Exception {
        Instant now = t0();
        String wf = "wf-queue-" + UUID.randomUUID();
        ExecutionRow first = insert(wf, now, 1);
        ExecutionRow second = insert(wf, now.plusSeconds(1), 1);
        assertEquals(ExecutionStatus.ACTIVE, first.state());
        assertEquals(ExecutionStatus.QUEUED, second.state());
        assertNull(second.startTime());
        claim("A", now.plusSeconds(2), first.id());
        List<ExecutionRow> promoted = await(pool.withTransaction(tx -> ExecutionQueries.lockHeld(tx,
                List.of(first.id()), "A").compose(v -> ExecutionQueries.finish(tx, List.of(new ExecutionQueries
                        .Finish(first.id(), ExecutionStatus.SUCCEEDED, "1", null, null, new JsonArray(), 1L)),
                        now.plusSeconds(3))).compose(v -> ExecutionQueries.promoteQueued(tx, wf, now.plusSeconds(3), 1))));
        assertEquals(List.of(second.id()), promoted.stream().map(ExecutionRow::id).toList());
        assertEquals(ExecutionStatus.ACTIVE, promoted.getFirst().state());
        assertEquals(List.of(second.id()), claim("A", now.plusSeconds(3), second.id()));
    }

    @Test
    void checkpointOneStatement_heldExecutions_writeAllAndLostLease_writesNothing() throws Exception {
        Instant now = t0();
        ExecutionRow a = insert("wf-one-" + UUID.randomUUID(), now, 100);
        ExecutionRow b = insert("wf-one-" + UUID.randomUUID(), now, 100);
        claim("A", now, a.id());
        claim("A", now, b.id());
        Instant wake = now.plus(Duration.ofMinutes(5));
        CallRow sleepA = new CallRow(a.id(), "main/nap/0", "sys.sleep", "main", "nap", new JsonObject().put("s", 1),
                CallState.WAITING, wake, null, null, null, 0, now, null);
        CallRow httpB = new CallRow(b.id(), "main/get/0", "http.request", "main", "get", new JsonObject(),
                CallState.IN_FLIGHT, null, null, null, null, 1, now, null);
        List<StepEntryRow> entries = List.of(entry(a.id(), 1, "init", StepEntry.State.SUCCEEDED, null, now),
                entry(a.id(), 2, "nap", StepEntry.State.IN_PROGRESS, "main/nap/0", now),
                entry(b.id(), 1, "get", StepEntry.State.IN_PROGRESS, "main/get/0", now));
        Map<UUID, Long> seqs = await(ExecutionQueries.checkpointOneStatement(pool, List.of(
                new ExecutionQueries.Checkpoint(a.id(), "{\"m\":1}", new JsonArray().add("nap"), 3L, false, null, 0,
                        true),
                new ExecutionQueries.Checkpoint(b.id(), null, null, null, true, null, 0, true)),
                Map.of(a.id(), wake), List.of(sleepA, httpB), List.of(), entries, Map.of(), "A", now,
                now.plus(LEASE)));
        assertEquals(Map.of(a.id(), 0L, b.id(), 0L), seqs);
        assertEquals(List.of("1 init SUCCEEDED null", "2 nap IN_PROGRESS main/nap/0"), stored(a.id()));
        assertEquals(List.of("1 get IN_PROGRESS main/get/0"), stored(b.id()));
        // a is released until its timer, b stays leased to A (its call is in flight).
        assertEquals(List.of(), claim("B", now.plus(Duration.ofMinutes(4)), a.id()));
        assertEquals(List.of(a.id()), claim("B", wake, a.id()));
        assertEquals(List.of(), claim("B", now.plusSeconds(29), b.id()));
        assertEquals(2, await(PendingCallQueries.openFor(pool, List.of(a.id(), b.id()))).size());
        assertEquals(1L, await(ExecutionQueries.get(pool, a.id())).checkpoints());

        // A no longer holds a (B claimed it): the statement fails and writes nothing at all, not even b's row.
        CallRow another = new CallRow(b.id(), "main/get2/1", "http.request", "main", "get2", new JsonObject(),
                CallState.IN_FLIGHT, null, null, null, null, 1, now, null);
        var failed = ExecutionQueries.checkpointOneStatement(pool, List.of(
                new ExecutionQueries.Checkpoint(a.id(), null, null, null, false, null, 0, true),
                new ExecutionQueries.Checkpoint(b.id(), null, null, null, true, null, 0, true)),
                Map.of(), List.of(another), List.of(), List.of(entry(b.id(), 1, "get", StepEntry.State.SUCCEEDED,
                        null, now), entry(b.id(), 2, "get2", StepEntry.State.IN_PROGRESS, null, now)),
                Map.of(b.id(), 2L), "A", now, now.plus(LEASE));
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> await(failed));
        assertEquals(2, await(PendingCallQueries.openFor(pool, List.of(a.id(), b.id()))).size());
        assertEquals(List.of("1 get IN_PROGRESS main/get/0"), stored(b.id()));
    }

    @Test
    void stepEntryWrite_finishedEntry_neverReopensAndTrimKeepsTheNewestAndTheOpenOnes() throws Exception {
        Instant now = t0();
        ExecutionRow e = insert("wf-entries-" + UUID.randomUUID(), now, 100);
        List<StepEntryRow> first = new java.util.ArrayList<>();
        first.add(entry(e.id(), 1, "loop", StepEntry.State.IN_PROGRESS, null, now));
        for (long i = 2; i <= 6; i++) {
            first.add(entry(e.id(), i, "add", StepEntry.State.SUCCEEDED, null, now));
        }
        await(pool.withTransaction(tx -> StepEntryQueries.write(tx, first, Map.of())));
        // A late write of a finished entry as still running changes nothing; an open entry may finish.
        await(pool.withTransaction(tx -> StepEntryQueries.write(tx, List.of(
                entry(e.id(), 6, "add", StepEntry.State.IN_PROGRESS, null, now.plusSeconds(1)),
                entry(e.id(), 7, "done", StepEntry.State.SUCCEEDED, null, now.plusSeconds(1))), Map.of(e.id(), 5L))));
        assertEquals(List.of("1 loop IN_PROGRESS null", "5 add SUCCEEDED null", "6 add SUCCEEDED null",
                "7 done SUCCEEDED null"), stored(e.id()));
        await(pool.withTransaction(tx -> StepEntryQueries.failOpen(tx, Map.of(e.id(), "{\"message\":\"gone\"}"),
                now.plusSeconds(2))));
        StepEntryRow loop = await(StepEntryQueries.get(pool, e.id(), 1));
        assertEquals(StepEntry.State.FAILED, loop.state());
        assertEquals(new JsonObject().put("message", "gone"), new JsonObject(loop.error()));
        assertEquals(now, loop.createTime());
    }

    private static StepEntryRow entry(UUID execution, long id, String step, StepEntry.State state, String callId,
            Instant at) {
        return new StepEntryRow(execution, id, 0, "main", "main", step, "STEP_ASSIGN", state, callId, null, at, at,
                null, null);
    }

    private List<String> stored(UUID execution) throws Exception {
        return await(StepEntryQueries.list(pool, execution, 0, 0, 100)).stream()
                .map(r -> r.entryId() + " " + r.step() + " " + r.state() + " " + r.callId()).toList();
    }
}
