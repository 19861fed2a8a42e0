package dev.baton.engine.execution;

import dev.baton.engine.CallState;
import dev.baton.engine.ExecutionStatus;
import dev.baton.engine.client.HttpCaller;
import dev.baton.engine.client.TaskQueueClient;
import dev.baton.engine.config.EngineConfig;
import dev.baton.engine.definition.Workflow;
import dev.baton.engine.messaging.LifecycleEvents;
import dev.baton.engine.messaging.Wakeups;
import dev.baton.engine.repository.CallRow;
import dev.baton.engine.repository.CallbackQueries;
import dev.baton.engine.repository.ExecutionQueries;
import dev.baton.engine.repository.ExecutionRow;
import dev.baton.engine.repository.PendingCallQueries;
import dev.baton.engine.repository.StepEntryQueries;
import dev.baton.engine.repository.StepEntryRow;
import dev.baton.engine.runtime.ExecutionState;
import dev.baton.engine.runtime.Interpreter;
import dev.baton.engine.runtime.Limits;
import dev.baton.engine.runtime.Outcome;
import dev.baton.engine.runtime.RunResult;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs executions: claims due ones under a lease, advances each interpreter to its next blocking point, writes a
 * checkpoint, and performs the calls the checkpoint recorded as in flight.
 *
 * <p>The loop runs on one Vert.x context, so its bookkeeping needs no locks; interpreter runs go to worker threads
 * in batches. It reacts to: a wake-up (LISTEN/NOTIFY from another instance, or a local change), a local timer for
 * the next known due time, a jittered fallback poll (timers, expired leases, lost notifications), completed calls,
 * and shutdown.
 *
 * <p>Durability. A checkpoint is one transaction for a batch of executions: it locks the rows still leased to this
 * engine ({@code ExecutionLockHeld}), writes each call row (new ones IN_FLIGHT or WAITING, applied ones CONSUMED
 * with their outcome), registers callback endpoints, then the execution rows (interpreter state, current steps,
 * the next due time), and for finished executions the final state, the outbox events and the promotion of queued
 * executions. Calls are performed only after their IN_FLIGHT row committed; if this process dies, another claims the
 * execution when the lease ends and performs IN_FLIGHT calls again with the same idempotency key. Nothing else is
 * repeated: every completed step is in the stored interpreter state.
 *
 * <p>Waiting holds nothing: an execution waiting for a timer, a callback or a task outcome is released (lease
 * cleared) and lives only in its rows until {@code run_at} comes due or a signal makes it due.
 */
@ApplicationScoped
public class Runner {

    private static final Logger LOG = Logger.getLogger(Runner.class);
    /** Batches up to this size of executions that ran before advance on the event loop. */
    private static final int INLINE_BATCH = 8;

    private final Vertx vertx;
    private final Pool pool;
    private final EngineConfig config;
    private final Clock clock;
    private final Definitions definitions;
    private final HttpCaller http;
    private final TaskQueueClient tasks;
    private final Wakeups wakeups;
    private final LifecycleEvents events;
    private final Map<String, String> processEnv;
    /** This engine's lease owner id. */
    public final String owner = "engine-" + UUID.randomUUID();
    private volatile Loop loop;

    public Runner(Vertx vertx, Pool pool, EngineConfig config, Clock clock, Definitions definitions, HttpCaller http,
            TaskQueueClient tasks, Wakeups wakeups, LifecycleEvents events) {
        this.vertx = vertx;
        this.pool = pool;
        this.config = config;
        this.clock = clock;
        this.definitions = definitions;
        this.http = http;
        this.tasks = tasks;
        this.wakeups = wakeups;
        this.events = events;
        Map<String, String> env = new LinkedHashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("BATON_") && k.endsWith("_URL")) {
                env.put(k, v);
            }
        });
        this.processEnv = Map.copyOf(env);
    }

    /** After the database is migrated (DatabaseBootstrap) and definitions are deployed (priority 15). */
    void onStart(@Observes @Priority(20) StartupEvent event) throws Exception {
        if (!config.runner().enabled()) {
            LOG.info("Runner disabled (baton.engine.runner.enabled=false): this instance serves the API only");
            return;
        }
        Loop l = new Loop();
        vertx.deployVerticle(l).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        loop = l;
    }

    void onStop(@Observes ShutdownEvent event) {
        drain();
        wakeups.stop();
    }

    /** Stops claiming and waits (up to the drain timeout) for held executions to reach a checkpoint. */
    public void drain() {
        Loop l = loop;
        if (l == null) {
            return;
        }
        var done = new CompletableFuture<Void>();
        l.context.runOnContext(v -> l.stop(done));
        try {
            done.get(config.runner().drainTimeout().toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("Drain incomplete; releasing the executions still held");
        }
        // Whatever is still held (a call still in flight) is given back now rather than when its lease ends: the
        // next engine performs that call again under the same idempotency key.
        List<UUID> still = l.heldIds();
        if (!still.isEmpty()) {
            try {
                ExecutionQueries.release(pool, still, owner, clock.now()).toCompletionStage().toCompletableFuture()
                        .get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warnf("Releasing %d executions failed; they are claimable when their leases end", still.size());
            }
        }
        loop = null;
    }

    /** Wakes the loop (something became due now in this process). */
    public void wake() {
        Loop l = loop;
        if (l != null) {
            l.context.runOnContext(v -> l.kick());
        }
    }

    /** Executions held right now (for tests and metrics). */
    public int heldCount() {
        Loop l = loop;
        return l == null ? 0 : l.heldSize;
    }

    // ---- per-execution bookkeeping --------------------------------------------------------------------------

    /** An execution leased to this engine. */
    private static final class Held {
        final ExecutionRow row;
        Definitions.Loaded definition;
        ExecutionState state;
        boolean started;
        long signalSeq;
        boolean cancelRequested;
        /** Calls with a row, by id. */
        final Map<String, CallRow> calls = new HashMap<>();
        /** Calls this engine is performing now. */
        final Set<String> inFlight = new HashSet<>();
        /** Outcomes to apply at the next advance. */
        final List<Outcome> ready = new ArrayList<>();
        /** Call rows to write with the next checkpoint without an outcome (task created, attempt redone). */
        final List<CallRow> rowUpdates = new ArrayList<>();
        /** IN_FLIGHT calls found at claim: the previous holder died; perform again after the first checkpoint. */
        final List<CallRow> redo = new ArrayList<>();
        boolean queued;
        boolean busy;
        boolean lost;

        Held(ExecutionRow row) {
            this.row = row;
            this.signalSeq = row.signalSeq();
            this.cancelRequested = row.cancelRequested();
        }
    }

    /** What one advance produced, applied by the checkpoint transaction. */
    private static final class Step {
        final Held held;
        ExecutionStatus finalState;
        String result;
        JsonObject error;
        String machine;
        JsonArray currentSteps;
        Long stepCount;
        final List<CallRow> rows = new ArrayList<>();
        final List<CallbackQueries.Callback> callbacks = new ArrayList<>();
        final List<CallRow> awaits = new ArrayList<>();
        final List<CallRow> perform = new ArrayList<>();
        Instant nextDue;
        /** When the execution is next due if released (its earliest timer, or now), for the pipelined path. */
        Instant runAt;
        boolean durable;
        /** Step entries of this advance, and the first entry id to keep when old ones are trimmed (or null). */
        List<StepEntryRow> entries = List.of();
        Long keepFrom;

        Step(Held held) {
            this.held = held;
        }
    }

    private final class Loop extends AbstractVerticle {
        Context context;
        final Map<UUID, Held> held = new HashMap<>();
        volatile int heldSize;
        final ArrayDeque<Held> runQueue = new ArrayDeque<>();
        boolean claiming;
        boolean claimAgain;
        int batches;
        boolean stopping;
        CompletableFuture<Void> drained;
        long pollTimer = -1;
        long wakeTimer = -1;
        Instant wakeAt;
        long renewTimer = -1;

        @Override
        public void start() {
            context = vertx.getOrCreateContext();
            wakeups.start(vertx, this::kick);
            schedulePoll();
            long every = Math.max(100, config.runner().lease().toMillis() / 3);
            renewTimer = vertx.setPeriodic(every, t -> renew());
            kick();
        }

        /** Ids held now; safe from any thread (a copy taken on the loop would be fresher, this suffices at stop). */
        List<UUID> heldIds() {
            return List.copyOf(new ArrayList<>(held.keySet()));
        }

        void stop(CompletableFuture<Void> done) {
            stopping = true;
            drained = done;
            vertx.cancelTimer(pollTimer);
            vertx.cancelTimer(renewTimer);
            if (wakeTimer >= 0) {
                vertx.cancelTimer(wakeTimer);
            }
            checkDrained();
        }

        void checkDrained() {
            if (stopping && drained != null && batches == 0 && !claiming
                    && held.values().stream().noneMatch(h -> h.busy || !h.inFlight.isEmpty())) {
                drained.complete(null);
            }
        }

        void schedulePoll() {
            long base = config.runner().pollInterval().toMillis();
            long delay = base + ThreadLocalRandom.current().nextLong(Math.max(1, base / 5));
            pollTimer = vertx.setTimer(delay, t -> {
                if (!stopping) {
                    kick();
                    schedulePoll();
                }
            });
        }

        /** A local timer for the earliest known due time, so short sleeps do not wait for the poll. */
        void wakeAt(Instant at) {
            if (at == null || stopping) {
                return;
            }
            if (wakeAt != null && !at.isBefore(wakeAt) && wakeTimer >= 0) {
                return;
            }
            if (wakeTimer >= 0) {
                vertx.cancelTimer(wakeTimer);
            }
            long delay = Math.max(1, Duration.between(clock.now(), at).toMillis() + 1);
            if (delay > config.runner().pollInterval().toMillis() * 2) {
                return;
            }
            wakeAt = at;
            wakeTimer = vertx.setTimer(delay, t -> {
                wakeTimer = -1;
                wakeAt = null;
                kick();
            });
        }

        // ---- claiming -----------------------------------------------------------------------------------

        long claimTimer = -1;

        /**
         * Something may be due: claim within 2 ms. The short delay lets a burst of wake-ups (many creations, many
         * signals) share one claiming statement.
         */
        void kick() {
            if (stopping || claimTimer >= 0) {
                return;
            }
            claimTimer = vertx.setTimer(2, t -> {
                claimTimer = -1;
                claim();
            });
        }

        void claim() {
            if (stopping) {
                return;
            }
            if (claiming) {
                claimAgain = true;
                return;
            }
            int free = Math.min(config.runner().maxHeld() - held.size(), config.runner().batchSize());
            if (free <= 0) {
                claimAgain = true;
                return;
            }
            claiming = true;
            claimAgain = false;
            Instant now = clock.now();
            ExecutionQueries.claimDue(pool, owner, now, now.plus(config.runner().lease()), free)
                    .compose(rows -> rows.isEmpty() ? Future.succeededFuture(List.<Held>of()) : prepare(rows))
                    .onComplete(ar -> {
                        claiming = false;
                        if (ar.failed()) {
                            LOG.warnf("Claiming failed (%s); retrying at the next poll", ar.cause().getMessage());
                            checkDrained();
                            return;
                        }
                        List<Held> claimed = ar.result();
                        for (Held h : claimed) {
                            held.put(h.row.id(), h);
                            enqueue(h);
                        }
                        heldSize = held.size();
                        if (claimed.size() == free || claimAgain) {
                            claim();
                        }
                        checkDrained();
                    });
        }

        /** Loads open calls and definitions of freshly claimed executions. */
        Future<List<Held>> prepare(List<ExecutionRow> rows) {
            List<UUID> ids = rows.stream().map(ExecutionRow::id).toList();
            return PendingCallQueries.openFor(pool, ids).compose(open -> {
                Map<UUID, Held> byId = new LinkedHashMap<>();
                List<Future<?>> loads = new ArrayList<>();
                for (ExecutionRow r : rows) {
                    Held h = new Held(r);
                    byId.put(r.id(), h);
                    loads.add(definitions.load(r.workflowId(), r.revisionId())
                            .onSuccess(d -> h.definition = d)
                            .otherwise(e -> {
                                LOG.errorf(e, "Definition %s@%s of execution %s cannot be loaded", r.workflowId(),
                                        r.revisionId(), r.id());
                                return null;
                            }));
                }
                Instant now = clock.now();
                for (CallRow c : open) {
                    Held h = byId.get(c.executionId());
                    h.calls.put(c.callId(), c);
                    switch (c.state()) {
                        case DONE -> h.ready.add(Codec.outcome(c.callId(), c.outcome()));
                        case WAITING -> {
                            if (c.dueAt() != null && !c.dueAt().isAfter(now)) {
                                Outcome timer = timerOutcome(c);
                                if (timer != null) {
                                    h.ready.add(timer);
                                }
                            }
                        }
                        case IN_FLIGHT -> {
                            if (c.dueAt() == null || !c.dueAt().isAfter(now)) {
                                h.redo.add(c);
                            }
                        }
                        default -> {
                        }
                    }
                }
                return Future.all(loads).map(v -> new ArrayList<>(byId.values()));
            });
        }

        // ---- advancing and checkpointing ----------------------------------------------------------------

        void enqueue(Held h) {
            if (h.queued || h.busy || h.lost) {
                return;
            }
            h.queued = true;
            runQueue.add(h);
            pump();
        }

        void pump() {
            while (batches < config.runner().maxBatches() && !runQueue.isEmpty()) {
                List<Held> batch = new ArrayList<>();
                while (batch.size() < config.runner().batchSize() && !runQueue.isEmpty()) {
                    Held h = runQueue.poll();
                    h.queued = false;
                    h.busy = true;
                    batch.add(h);
                }
                batches++;
                Map<Held, List<Outcome>> inputs = new LinkedHashMap<>();
                for (Held h : batch) {
                    inputs.put(h, new ArrayList<>(h.ready));
                    h.ready.clear();
                }
                java.util.concurrent.Callable<List<Step>> work = () -> {
                    List<Step> steps = new ArrayList<>(inputs.size());
                    inputs.forEach((h, outcomes) -> steps.add(advance(h, outcomes)));
                    return steps;
                };
                // A few executions that already ran (so their next burst is one step's worth, bounded by the step
                // limit) advance right here: a hop to a worker thread costs more than the run. Larger batches and
                // first runs go to the worker pool.
                boolean inline = batch.size() <= INLINE_BATCH && batch.stream().allMatch(h -> h.state != null);
                Future<List<Step>> advanced;
                if (inline) {
                    try {
                        advanced = Future.succeededFuture(work.call());
                    } catch (Exception e) {
                        advanced = Future.failedFuture(e);
                    }
                } else {
                    advanced = vertx.executeBlocking(work, false);
                }
                advanced.compose(this::checkpointBatch).onComplete(ar -> {
                    batches--;
                    if (ar.failed()) {
                        // Nothing of this batch committed: give the executions back at once, due from their last
                        // checkpoint (a call performed since then is performed again under the same key).
                        LOG.warnf("Checkpoint of %d executions failed (%s); they run again from their last"
                                + " checkpoint", batch.size(), ar.cause().getMessage());
                        for (Held h : batch) {
                            forget(h);
                        }
                        ExecutionQueries.release(pool, batch.stream().map(h -> h.row.id()).toList(), owner,
                                clock.now()).onComplete(r -> kick());
                    } else {
                        committed(ar.result());
                    }
                    pump();
                    checkDrained();
                });
            }
        }

        /**
         * Steps that keep their execution ACTIVE take the pipelined path (one round trip, see {@link #pipelined});
         * final ones, and any batch the pipelined path refuses, the careful one.
         */
        Future<List<Step>> checkpointBatch(List<Step> steps) {
            List<Step> ongoing = steps.stream().filter(st -> st.finalState == null).toList();
            List<Step> finishing = steps.stream().filter(st -> st.finalState != null).toList();
            boolean awaiting = ongoing.stream().anyMatch(st -> !st.awaits.isEmpty());
            Future<List<Step>> a = ongoing.isEmpty() ? Future.succeededFuture(List.of())
                    : (awaiting ? pipelined(ongoing) : oneStatement(ongoing)).recover(e -> {
                        // Expected when a cancel was requested or a lease lost; anything else is worth a look.
                        LOG.debugf("Fast checkpoint of %d executions refused (%s); taking the careful path",
                                ongoing.size(), e.getMessage());
                        return checkpoint(ongoing);
                    });
            Future<List<Step>> b = finishing.isEmpty() ? Future.succeededFuture(List.of()) : checkpoint(finishing);
            return Future.join(a, b).transform(ar -> {
                if (a.failed() && b.failed()) {
                    return Future.failedFuture(a.cause());
                }
                if (a.failed() || b.failed()) {
                    // Half of the batch committed: only the other half goes back.
                    List<Step> failed = a.failed() ? ongoing : finishing;
                    for (Step st : failed) {
                        forget(st.held);
                    }
                    ExecutionQueries.release(pool, failed.stream().map(st -> st.held.row.id()).toList(), owner,
                            clock.now()).onComplete(r -> kick());
                    return Future.succeededFuture(a.failed() ? b.result() : a.result());
                }
                List<Step> all = new ArrayList<>(a.result());
                all.addAll(b.result());
                return Future.succeededFuture(all);
            });
        }

        /** The checkpoint as a single statement ({@code ExecutionCheckpointOneStatement}): one round trip. */
        Future<List<Step>> oneStatement(List<Step> steps) {
            Instant now = clock.now();
            Instant leaseUntil = now.plus(config.runner().lease());
            List<ExecutionQueries.Checkpoint> checkpoints = new ArrayList<>();
            Map<UUID, Instant> runAt = new HashMap<>();
            List<CallRow> rows = new ArrayList<>();
            List<CallbackQueries.Callback> callbacks = new ArrayList<>();
            List<StepEntryRow> entries = new ArrayList<>();
            Map<UUID, Long> keepFrom = new HashMap<>();
            for (Step st : steps) {
                boolean keep = !st.perform.isEmpty() || !st.held.inFlight.isEmpty();
                checkpoints.add(new ExecutionQueries.Checkpoint(st.held.row.id(), st.machine, st.currentSteps,
                        st.stepCount, keep, leaseUntil, st.held.signalSeq, st.durable));
                runAt.put(st.held.row.id(), st.runAt);
                rows.addAll(st.rows);
                callbacks.addAll(st.callbacks);
                entries(st, entries, keepFrom);
            }
            return ExecutionQueries.checkpointOneStatement(pool, checkpoints, runAt, rows, callbacks, entries,
                    keepFrom, owner, now, leaseUntil).map(seqs -> {
                        for (Step st : steps) {
                            Long seq = seqs.get(st.held.row.id());
                            if (seq != null && seq != st.held.signalSeq) {
                                st.held.signalSeq = seq;
                                refreshAfter.add(st.held);
                            }
                        }
                        return steps;
                    });
        }

        /**
         * The checkpoint as one pipelined round trip: BEGIN, an assertion that locks the executions and fails unless
         * all are still leased here and not cancelled, the execution rows (next due time computed here), the call
         * rows, callbacks and awaited payloads, COMMIT. If anything fails, PostgreSQL turns the COMMIT into a
         * rollback and the caller retries the batch on the careful path.
         */
        Future<List<Step>> pipelined(List<Step> steps) {
            Instant now = clock.now();
            List<UUID> ids = steps.stream().map(st -> st.held.row.id()).toList();
            List<ExecutionQueries.Checkpoint> checkpoints = new ArrayList<>();
            Map<UUID, Instant> runAt = new HashMap<>();
            List<CallRow> rows = new ArrayList<>();
            List<CallbackQueries.Callback> callbacks = new ArrayList<>();
            List<CallRow> awaits = new ArrayList<>();
            List<StepEntryRow> entries = new ArrayList<>();
            Map<UUID, Long> keepFrom = new HashMap<>();
            for (Step st : steps) {
                boolean keep = !st.perform.isEmpty() || !st.held.inFlight.isEmpty();
                checkpoints.add(new ExecutionQueries.Checkpoint(st.held.row.id(), st.machine, st.currentSteps,
                        st.stepCount, keep, now.plus(config.runner().lease()), st.held.signalSeq, st.durable));
                runAt.put(st.held.row.id(), st.runAt);
                rows.addAll(st.rows);
                callbacks.addAll(st.callbacks);
                awaits.addAll(st.awaits);
                entries(st, entries, keepFrom);
            }
            return pool.getConnection().compose(conn -> {
                List<Future<?>> all = new ArrayList<>();
                all.add(conn.query("BEGIN").execute());
                all.add(ExecutionQueries.assertHeld(conn, ids, owner));
                Future<Map<UUID, Long>> seqs = ExecutionQueries.checkpointAhead(conn, checkpoints, runAt, now);
                all.add(seqs);
                all.add(PendingCallQueries.upsert(conn, rows));
                all.add(CallbackQueries.insert(conn, callbacks));
                all.add(PendingCallQueries.takePayloads(conn, awaits, now));
                all.add(StepEntryQueries.write(conn, entries, keepFrom));
                all.add(conn.query("COMMIT").execute());
                return Future.join(all).transform(ar -> {
                    conn.close();
                    if (ar.failed()) {
                        return Future.failedFuture(ar.cause());
                    }
                    for (Step st : steps) {
                        Long seq = seqs.result().get(st.held.row.id());
                        if (seq != null && seq != st.held.signalSeq) {
                            st.held.signalSeq = seq;
                            refreshAfter.add(st.held);
                        }
                    }
                    return Future.succeededFuture(steps);
                });
            });
        }

        Future<List<Step>> checkpoint(List<Step> steps) {
            Instant now = clock.now();
            List<UUID> ids = steps.stream().map(s -> s.held.row.id()).toList();
            return pool.withTransaction(tx -> ExecutionQueries.lockHeld(tx, ids, owner).compose(locked -> {
                List<Step> kept = new ArrayList<>();
                for (Step s : steps) {
                    ExecutionQueries.Held lock = locked.get(s.held.row.id());
                    if (lock == null) {
                        s.held.lost = true;
                        continue;
                    }
                    if (lock.cancelRequested() && s.finalState == null) {
                        cancel(s);
                    }
                    s.held.cancelRequested = lock.cancelRequested();
                    if (lock.signalSeq() != s.held.signalSeq) {
                        s.held.signalSeq = lock.signalSeq();
                        refreshAfter.add(s.held);
                    }
                    kept.add(s);
                }
                return write(tx, kept, now).map(v -> steps);
            }));
        }

        /** Held executions whose signal_seq moved while they were being advanced. */
        final Set<Held> refreshAfter = new HashSet<>();

        Future<Void> write(SqlConnection tx, List<Step> steps, Instant now) {
            List<CallRow> rows = new ArrayList<>();
            List<CallbackQueries.Callback> callbacks = new ArrayList<>();
            List<CallRow> awaits = new ArrayList<>();
            List<ExecutionQueries.Checkpoint> checkpoints = new ArrayList<>();
            List<ExecutionQueries.Finish> finishes = new ArrayList<>();
            List<Step> finished = new ArrayList<>();
            List<StepEntryRow> entries = new ArrayList<>();
            Map<UUID, Long> keepFrom = new HashMap<>();
            Map<UUID, String> endOpen = new HashMap<>();
            for (Step s : steps) {
                rows.addAll(s.rows);
                callbacks.addAll(s.callbacks);
                entries(s, entries, keepFrom);
                if (s.finalState != null) {
                    finishes.add(new ExecutionQueries.Finish(s.held.row.id(), s.finalState, s.result, s.error,
                            s.machine, s.currentSteps, s.stepCount));
                    finished.add(s);
                    endOpen.put(s.held.row.id(), s.finalState == ExecutionStatus.CANCELLED ? STEP_CANCELLED
                            : STEP_ABANDONED);
                } else {
                    awaits.addAll(s.awaits);
                    boolean keep = !s.perform.isEmpty() || !s.held.inFlight.isEmpty();
                    checkpoints.add(new ExecutionQueries.Checkpoint(s.held.row.id(), s.machine, s.currentSteps,
                            s.stepCount, keep, now.plus(config.runner().lease()), s.held.signalSeq, s.durable));
                }
            }
            // One connection runs these in order: call rows before the execution rows whose run_at reads them.
            List<Future<?>> all = new ArrayList<>();
            all.add(PendingCallQueries.upsert(tx, rows));
            all.add(CallbackQueries.insert(tx, callbacks));
            all.add(PendingCallQueries.takePayloads(tx, awaits, now));
            all.add(ExecutionQueries.checkpoint(tx, checkpoints, now));
            all.add(ExecutionQueries.finish(tx, finishes, now));
            // After this checkpoint's own entries: a step the interpreter left open when the execution ended.
            all.add(StepEntryQueries.write(tx, entries, keepFrom));
            all.add(StepEntryQueries.failOpen(tx, endOpen, now));
            if (!finished.isEmpty()) {
                all.add(PendingCallQueries.cancelOpen(tx, finished.stream().map(s -> s.held.row.id()).toList(), now)
                        .onSuccess(orphanTasks::addAll));
                Map<String, Integer> perWorkflow = new LinkedHashMap<>();
                for (Step s : finished) {
                    all.add(events.finished(tx, s.held.row, s.finalState, s.error, now));
                    perWorkflow.merge(s.held.row.workflowId(), 1, Integer::sum);
                }
                perWorkflow.forEach((wf, n) -> all.add(ExecutionQueries.promoteQueued(tx, wf, now, n)
                        .compose(promoted -> {
                            Future<Void> chain = Future.succeededFuture();
                            for (ExecutionRow p : promoted) {
                                chain = chain.compose(v -> events.started(tx, p, now));
                                promotedAny = true;
                            }
                            return chain;
                        })));
            }
            return Future.all(all).mapEmpty();
        }

        boolean promotedAny;
        /** Tasks of executions that finished (cancelled) while the task was open: deleted after the commit. */
        final List<String> orphanTasks = new ArrayList<>();

        void committed(List<Step> steps) {
            Instant earliest = null;
            boolean dueNow = false;
            for (Step s : steps) {
                Held h = s.held;
                h.busy = false;
                if (h.lost || s.finalState != null) {
                    forget(h);
                    continue;
                }
                for (CallRow r : s.rows) {
                    if (r.state() == CallState.CONSUMED || r.state() == CallState.CANCELLED) {
                        h.calls.remove(r.callId());
                    } else {
                        h.calls.put(r.callId(), r);
                    }
                }
                if (s.perform.isEmpty() && h.inFlight.isEmpty()) {
                    // Released: waits in its rows only.
                    forget(h);
                    if (refreshAfter.remove(h) || !h.ready.isEmpty()) {
                        dueNow = true;
                    }
                    if (s.nextDue != null && (earliest == null || s.nextDue.isBefore(earliest))) {
                        earliest = s.nextDue;
                    }
                    continue;
                }
                for (CallRow c : s.perform) {
                    perform(h, c);
                }
                if (refreshAfter.remove(h)) {
                    refresh(h);
                } else if (!h.ready.isEmpty() || !h.rowUpdates.isEmpty()) {
                    enqueue(h);
                }
            }
            if (promotedAny) {
                promotedAny = false;
                wakeups.due();
            }
            // Best effort: a task not yet dispatched never runs; one in flight may still land (its outcome is ignored,
            // and the saga's compensations are keyed to survive that).
            for (String task : orphanTasks) {
                tasks.deleteTask(task).onComplete(ar -> {
                    if (ar.failed() || (ar.result().status() / 100 != 2 && ar.result().status() != 404)) {
                        LOG.infof("Deleting task %s of a finished execution failed (%s)", task,
                                ar.failed() ? ar.cause().getMessage() : ar.result().status());
                    }
                });
            }
            orphanTasks.clear();
            if (dueNow) {
                kick();
            }
            wakeAt(earliest);
        }

        void forget(Held h) {
            held.remove(h.row.id());
            heldSize = held.size();
            h.lost = true;
            refreshAfter.remove(h);
            if (claimAgain && !claiming) {
                kick();
            }
        }

        /** A signal stored outcomes while this engine held the execution: load and apply them. */
        void refresh(Held h) {
            PendingCallQueries.doneFor(pool, h.row.id()).onComplete(ar -> {
                if (ar.succeeded() && !h.lost) {
                    for (CallRow c : ar.result()) {
                        if (h.inFlight.contains(c.callId())) {
                            continue;
                        }
                        h.calls.put(c.callId(), c);
                        h.ready.add(Codec.outcome(c.callId(), c.outcome()));
                    }
                    if (!h.ready.isEmpty()) {
                        enqueue(h);
                    }
                }
            });
        }

        void renew() {
            if (held.isEmpty()) {
                return;
            }
            List<UUID> ids = new ArrayList<>(held.keySet());
            Instant until = clock.now().plus(config.runner().lease());
            ExecutionQueries.renewLeases(pool, ids, owner, until).onComplete(ar -> {
                if (ar.failed()) {
                    LOG.warnf("Lease renewal failed (%s)", ar.cause().getMessage());
                    return;
                }
                Set<UUID> still = new HashSet<>(ar.result());
                for (UUID id : ids) {
                    Held h = held.get(id);
                    if (h != null && !still.contains(id) && !h.busy) {
                        LOG.warnf("Lost the lease of execution %s; its in-flight results will be dropped", id);
                        forget(h);
                    }
                }
            });
        }

        // ---- performing calls ---------------------------------------------------------------------------


        Future<Effect> start(Held h, CallRow c) {
            return switch (c.function()) {
                case "http.request" -> http.perform(c.callId(), Codec.argsValue(c.args()), idempotencyKey(h, c))
                        .map(o -> new Effect(o, null));
                case "tasks.call", "tasks.create" -> TaskCalls.create(tasks, config, h.row, c, clock.now())
                        .map(r -> r.outcome() != null ? new Effect(r.outcome(), null)
                                : r.created() ? new Effect(null, waiting(c)) : new Effect(null, null));
                default -> Future.succeededFuture(new Effect(Outcome.failure(c.callId(), "SystemError",
                        "the engine cannot perform " + c.function()), null));
            };
        }

        void perform(Held h, CallRow c) {
            h.inFlight.add(c.callId());
            Future<Effect> effect;
            try {
                effect = start(h, c);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Performing %s of execution %s failed", c.function(), h.row.id());
                effect = Future.succeededFuture(new Effect(Outcome.failure(c.callId(), "SystemError",
                        "the engine failed to perform " + c.function() + ": " + e.getMessage()), null));
            }
            effect.onComplete(ar -> context.runOnContext(v -> {
                if (h.lost) {
                    return;
                }
                if (ar.failed() || (ar.result().outcome() == null && ar.result().row() == null)) {
                    // The task queue is unavailable: try again with backoff, holding the lease meanwhile.
                    long delay = Math.min(10_000, 500L << Math.min(5, c.attempts()));
                    CallRow again = withAttempts(c, c.attempts() + 1);
                    h.calls.put(c.callId(), again);
                    if (ar.failed()) {
                        LOG.warnf("%s of execution %s failed (%s); retrying in %d ms", c.function(), h.row.id(),
                                ar.cause().getMessage(), delay);
                    }
                    vertx.setTimer(delay, t -> {
                        if (!h.lost && !stopping) {
                            h.inFlight.remove(c.callId());
                            perform(h, again);
                        } else {
                            h.inFlight.remove(c.callId());
                            checkDrained();
                        }
                    });
                    return;
                }
                h.inFlight.remove(c.callId());
                if (ar.result().outcome() != null) {
                    h.ready.add(ar.result().outcome());
                } else {
                    h.rowUpdates.add(ar.result().row());
                }
                enqueue(h);
                checkDrained();
            }));
        }
    }

    /** The error of a step still open when its execution was cancelled. */
    private static final String STEP_CANCELLED = "{\"message\":\"the execution was cancelled during this step\"}";
    /** The error of a step still open when its execution ended otherwise (an engine error). */
    private static final String STEP_ABANDONED = "{\"message\":\"the execution ended during this step\"}";

    private static void entries(Step st, List<StepEntryRow> into, Map<UUID, Long> keepFrom) {
        into.addAll(st.entries);
        if (st.keepFrom != null) {
            keepFrom.put(st.held.row.id(), st.keepFrom);
        }
    }

    /** What performing a call produced: an outcome to apply, or a row change (task created, now waiting). */
    private record Effect(Outcome outcome, CallRow row) {
    }

    private static CallRow waiting(CallRow c) {
        return new CallRow(c.executionId(), c.callId(), c.function(), c.routine(), c.step(), c.args(),
                CallState.WAITING, null, c.callbackToken(), c.taskName(), null, c.attempts(), c.createTime(), null);
    }

    private static CallRow withAttempts(CallRow c, int attempts) {
        return new CallRow(c.executionId(), c.callId(), c.function(), c.routine(), c.step(), c.args(), c.state(),
                c.dueAt(), c.callbackToken(), c.taskName(), c.outcome(), attempts, c.createTime(), c.completeTime());
    }

    /** The {@code Idempotency-Key} of a call: stable across attempts and engines. */
    public static String idempotencyKey(UUID executionId, String callId) {
        return executionId + ":" + callId;
    }

    private static String idempotencyKey(Held h, CallRow c) {
        return idempotencyKey(h.row.id(), c.callId());
    }

    /** A due WAITING row's outcome: a sleep ends, an await times out. */
    private static Outcome timerOutcome(CallRow c) {
        return switch (c.function()) {
            case "sys.sleep" -> Outcome.value(c.callId(), null);
            case "events.await_callback" -> Outcome.failure(c.callId(), "TimeoutError",
                    "timed out waiting for a callback");
            default -> null;
        };
    }

    // ---- one advance (worker thread) ------------------------------------------------------------------------

    private Step advance(Held h, List<Outcome> outcomes) {
        Step s = new Step(h);
        Instant now = clock.now();
        if (h.definition == null) {
            fail(s, "the workflow revision " + h.row.revisionId() + " of " + h.row.workflowId()
                    + " is missing; the execution cannot run");
            return s;
        }
        if (h.cancelRequested) {
            cancel(s);
            return s;
        }
        ExecutionEnvironment env = new ExecutionEnvironment(h.row, variables(h), config.publicUrl(),
                () -> clock.now().toEpochMilli() / 1000.0);
        Workflow wf = h.definition.workflow();
        int keep = config.stepEntries().maxPerExecution();
        StepJournal journal = new StepJournal(h.row.id(), keep);
        Interpreter interpreter = new Interpreter(wf, env, Limits.GOOGLE, Definitions.CONNECTORS, journal);
        RunResult result;
        boolean ran = false;
        try {
            if (h.state == null && h.row.machine() == null && !h.started) {
                h.started = true;
                Object argument = h.row.argument() == null ? null : Codec.parsePlain(h.row.argument());
                journal.startAt(0);
                result = interpreter.start(argument);
                ran = true;
            } else {
                if (h.state == null) {
                    h.state = interpreter.restore(h.row.machine());
                }
                if (outcomes.isEmpty() && h.redo.isEmpty() && h.rowUpdates.isEmpty()) {
                    // Claimed with nothing to apply (a lease ended, a spurious wake): rewrite nothing.
                    result = new RunResult.Suspended(h.state.pending(), h.state);
                } else if (outcomes.isEmpty()) {
                    result = new RunResult.Suspended(h.state.pending(), h.state);
                } else {
                    journal.startAt(h.state.steps());
                    result = interpreter.resume(h.state, outcomes);
                    s.durable = true;
                    ran = true;
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Execution %s failed inside the engine", h.row.id());
            fail(s, "engine error: " + e);
            return s;
        }
        h.state = result.state();
        if (ran) {
            s.entries = journal.rows();
            long last = journal.lastEntry();
            s.keepFrom = last > keep ? last - keep + 1 : null;
        }
        for (Outcome o : outcomes) {
            CallRow c = h.calls.get(o.id());
            if (c != null) {
                s.rows.add(new CallRow(c.executionId(), c.callId(), c.function(), c.routine(), c.step(), c.args(),
                        CallState.CONSUMED, c.dueAt(), c.callbackToken(), c.taskName(), Codec.outcome(o),
                        c.attempts(), c.createTime(), now));
                h.calls.remove(o.id());
            }
        }
        for (ExecutionEnvironment.Created cb : env.createdEndpoints()) {
            s.callbacks.add(new CallbackQueries.Callback(cb.token(), h.row.id(), "ENDPOINT", cb.method(), now));
        }
        switch (result) {
            case RunResult.Succeeded ok -> {
                s.finalState = ExecutionStatus.SUCCEEDED;
                s.result = Codec.json(ok.value());
                s.machine = h.state.toJson();
                s.currentSteps = new JsonArray();
                s.stepCount = h.state.steps();
            }
            case RunResult.Failed f -> {
                s.finalState = ExecutionStatus.FAILED;
                s.error = Errors.execution(f.error(), lastStep(h));
                s.machine = h.state.toJson();
                s.currentSteps = new JsonArray();
                s.stepCount = h.state.steps();
            }
            case RunResult.Suspended sus -> suspended(h, s, now);
        }
        s.rows.addAll(h.rowUpdates);
        h.rowUpdates.clear();
        if (s.finalState == null) {
            Instant runAt = s.awaits.isEmpty() ? null : now;
            for (CallRow c : h.calls.values()) {
                if (c.state() == CallState.DONE) {
                    runAt = now;
                } else if ((c.state() == CallState.WAITING || c.state() == CallState.IN_FLIGHT) && c.dueAt() != null
                        && (runAt == null || c.dueAt().isBefore(runAt))) {
                    runAt = c.dueAt();
                }
            }
            s.runAt = runAt;
        }
        for (CallRow c : h.redo) {
            CallRow again = withAttempts(c, c.attempts() + 1);
            s.rows.add(again);
            s.perform.add(again);
        }
        h.redo.clear();
        return s;
    }

    private void suspended(Held h, Step s, Instant now) {
        JsonArray current = new JsonArray();
        Instant nextDue = null;
        for (ExecutionState.Waiting w : h.state.waiting()) {
            current.add(new JsonObject().put("routine", w.routine()).put("step", w.step()));
            String id = w.call().id();
            if (h.calls.containsKey(id) || h.inFlight.contains(id)) {
                continue;
            }
            s.durable = true;
            Map<String, Object> args = w.call().args();
            String function = w.call().function();
            CallRow row;
            switch (function) {
                case "sys.sleep" -> {
                    double wake = ((Number) args.get("wake_at")).doubleValue();
                    Instant due = Instant.ofEpochMilli((long) Math.ceil(wake * 1000));
                    row = newRow(h, w, CallState.WAITING, due, null, null, now, 0);
                    nextDue = nextDue == null || due.isBefore(nextDue) ? due : nextDue;
                }
                case "events.await_callback" -> {
                    double timeout = ((Number) args.get("timeout")).doubleValue();
                    Instant due = now.plusMillis((long) (timeout * 1000));
                    String url = String.valueOf(args.get("url"));
                    String token = url.substring(url.lastIndexOf('/') + 1);
                    row = newRow(h, w, CallState.WAITING, due, token, null, now, 0);
                    s.awaits.add(row);
                    nextDue = nextDue == null || due.isBefore(nextDue) ? due : nextDue;
                }
                case "tasks.call", "tasks.create" -> {
                    String token = ExecutionEnvironment.token(h.row.secret(), "task:" + id);
                    String queue = args.get("queue") instanceof String q ? q : config.tasks().defaultQueue();
                    row = newRow(h, w, CallState.IN_FLIGHT, null, token,
                            tasks.queueName(queue) + "/tasks/" + TaskCalls.taskId(h.row, w), now, 1);
                    if (function.equals("tasks.call")) {
                        s.callbacks.add(new CallbackQueries.Callback(token, h.row.id(), "TASK", "POST", now));
                    }
                    s.perform.add(row);
                }
                default -> {
                    row = newRow(h, w, CallState.IN_FLIGHT, null, null, null, now, 1);
                    s.perform.add(row);
                }
            }
            s.rows.add(row);
            h.calls.put(id, row);
        }
        s.currentSteps = current;
        s.stepCount = h.state.steps();
        if (s.durable) {
            s.machine = h.state.toJson();
        } else {
            s.currentSteps = null;
            s.stepCount = null;
        }
        s.nextDue = nextDue;
    }

    private static CallRow newRow(Held h, ExecutionState.Waiting w, CallState state, Instant due, String token,
            String taskName, Instant now, int attempts) {
        return new CallRow(h.row.id(), w.call().id(), w.call().function(), w.routine(), w.step(),
                Codec.args(w.call().args()), state, due, token, taskName, null, attempts, now, null);
    }

    private static String lastStep(Held h) {
        var waiting = h.state == null ? List.<ExecutionState.Waiting>of() : h.state.waiting();
        return waiting.isEmpty() ? null : waiting.getFirst().routine() + "/" + waiting.getFirst().step();
    }

    private static void cancel(Step s) {
        s.finalState = ExecutionStatus.CANCELLED;
        s.result = null;
        s.error = null;
        s.rows.clear();
        s.callbacks.clear();
        s.awaits.clear();
        s.perform.clear();
        s.entries = List.of();
        s.keepFrom = null;
        s.currentSteps = new JsonArray();
    }

    private static void fail(Step s, String message) {
        s.finalState = ExecutionStatus.FAILED;
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("message", message);
        err.put("tags", List.of("SystemError"));
        s.error = Errors.execution(err, null);
        s.currentSteps = new JsonArray();
    }

    private Map<String, String> variables(Held h) {
        Map<String, String> vars = new HashMap<>(processEnv);
        vars.putAll(h.definition.userEnvVars());
        vars.put("GOOGLE_CLOUD_PROJECT_ID", h.row.project());
        vars.put("GOOGLE_CLOUD_PROJECT_NUMBER", h.row.project());
        vars.put("GOOGLE_CLOUD_LOCATION", h.row.location());
        vars.put("GOOGLE_CLOUD_WORKFLOW_ID", h.row.workflowId());
        vars.put("GOOGLE_CLOUD_WORKFLOW_REVISION_ID", h.row.revisionId());
        vars.put("GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID", h.row.id().toString());
        return vars;
    }
}
