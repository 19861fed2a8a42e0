package dev.baton.taskqueue.service;

import dev.baton.taskqueue.Queue;
import dev.baton.taskqueue.QueueState;
import dev.baton.taskqueue.ResourceNames;
import dev.baton.taskqueue.Task;
import dev.baton.taskqueue.TaskState;
import dev.baton.taskqueue.client.TargetClient;
import dev.baton.taskqueue.config.TaskQueueConfig;
import dev.baton.taskqueue.messaging.TaskNotifications;
import dev.baton.taskqueue.repository.CompletionReportQueries;
import dev.baton.taskqueue.repository.QueueQueries;
import dev.baton.taskqueue.repository.TaskQueries;
import dev.baton.taskqueue.repository.TaskQueries.Outcome;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends due tasks to their targets and records the outcomes.
 *
 * <p>The loop runs on one Vert.x event loop (a verticle), so its state needs no locks and no thread ever blocks on
 * a target. It reacts to a handful of inputs: a LISTEN/NOTIFY wake-up naming a queue, a per-queue timer (next
 * schedule time, next token, end of a 429/503 hold), finished work (a flushed batch of outcomes frees concurrency),
 * a jittered fallback poll, and shutdown. For one queue at a time it claims in a single transaction
 * ({@code QueueLockForClaim} then {@code TaskClaimAvailable}, pipelined in one round trip); the queue-row lock makes
 * the token bucket and the concurrency count hold across every instance sharing the database. Outcomes are batched:
 * while one {@code TaskCompleteIfRunning} is in flight the next batch accumulates.
 *
 * <p>Durability: a claimed task is RUNNING with a lease of dispatchDeadline + leaseGrace. If this process dies, the
 * poll of any instance ({@code TaskRescueExpiredLeases}) returns the task to PENDING when the lease ends, and it is
 * dispatched again: at-least-once.
 *
 * <p>Shutdown drains in two steps: stop claiming (nothing new starts), then wait up to drainTimeout for the
 * attempts in flight and for their outcomes to be written.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "user-agent", "authorization");

    private final Vertx vertx;
    private final Pool pool;
    private final TaskQueueConfig config;
    private final TargetClient client;
    private final TokenSigner signer;
    private final DispatchMetrics metrics;
    private final Clock clock;
    private final TaskNotifications notifications;
    private final ReportDeliverer reports;
    private Loop loop;

    public Dispatcher(Vertx vertx, Pool pool, TaskQueueConfig config, TargetClient client, TokenSigner signer,
            DispatchMetrics metrics, Clock clock, TaskNotifications notifications, ReportDeliverer reports) {
        this.vertx = vertx;
        this.pool = pool;
        this.config = config;
        this.client = client;
        this.signer = signer;
        this.metrics = metrics;
        this.clock = clock;
        this.notifications = notifications;
        this.reports = reports;
    }

    /** After the database is migrated (DatabaseBootstrap runs at priority 0). */
    void onStart(@Observes @Priority(10) StartupEvent event) throws Exception {
        signer.load(pool);
        if (!config.dispatcher().enabled()) {
            LOG.info("Dispatcher disabled (baton.task-queue.dispatcher.enabled=false)");
            return;
        }
        loop = new Loop();
        vertx.deployVerticle(loop).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        reports.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        reports.stop();
        if (loop != null) {
            drain();
        }
        notifications.stop();
    }

    /** Stops claiming and waits for the attempts in flight; safe to call twice. */
    public void drain() {
        Loop current = loop;
        if (current == null) {
            return;
        }
        var done = new CompletableFuture<Void>();
        current.context.runOnContext(v -> current.stop(done));
        try {
            done.get(config.dispatcher().drainTimeout().toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("Drain incomplete after %s; the remaining leased tasks will be redelivered when their lease ends",
                    config.dispatcher().drainTimeout());
        }
    }

    /** Wakes the loop for a queue, as a notification would (used after changes made by this instance). */
    public void wake(String queueName) {
        Loop current = loop;
        if (current != null && current.context != null) {
            current.context.runOnContext(v -> current.kick(queueName));
        }
    }

    /** Per-queue bookkeeping of the loop. */
    private static final class QueueSlot {
        boolean claiming;
        boolean again;
        /** Attempts of this queue started by this process whose outcome is not yet written (still RUNNING). */
        int inFlight;
        /** Due tasks were left behind for lack of free concurrency: finished work should claim again. */
        boolean concurrencyBound;
        long timerId = -1;
        Instant timerAt;
    }

    private final class Loop extends AbstractVerticle {
        Context context;
        final Map<String, QueueSlot> slots = new HashMap<>();
        /** Queues that wanted to claim while this instance had no free slot; kicked as slots free up. */
        final Set<String> starved = new LinkedHashSet<>();
        final ArrayDeque<Outcome> outcomes = new ArrayDeque<>();
        final Map<Long, String> outcomeQueues = new HashMap<>();
        int inFlight;
        /** Outcomes of 429/503 answers waiting for their queue hold to be written first. */
        int holding;
        boolean flushing;
        boolean stopping;
        CompletableFuture<Void> drained;
        long pollTimer = -1;
        long depthTimer = -1;
        long polls;

        @Override
        public void start() {
            context = vertx.getOrCreateContext();
            notifications.start(vertx, this::kick, this::poll);
            schedulePoll();
            refreshDepth();
            depthTimer = vertx.setPeriodic(config.dispatcher().depthInterval().toMillis(), id -> refreshDepth());
        }

        void refreshDepth() {
            TaskQueries.countLiveByQueue(pool).onSuccess(metrics::depths)
                    .onFailure(e -> LOG.debugf("Depth refresh failed: %s", e.getMessage()));
        }

        // ---- claiming -------------------------------------------------------------------------------------

        void kick(String queueName) {
            if (stopping) {
                return;
            }
            QueueSlot slot = slots.computeIfAbsent(queueName, q -> new QueueSlot());
            if (slot.claiming) {
                slot.again = true;
                return;
            }
            int free = config.dispatcher().maxInFlight() - inFlight;
            if (free <= 0) {
                starved.add(queueName);
                return;
            }
            slot.claiming = true;
            slot.again = false;
            Instant claimAt = clock.now();
            TaskQueries.claimInOneRoundTrip(pool, queueName, claimAt, free, config.dispatcher().leaseGrace())
                    .map(claimed -> new Claim(claimed.locked(), claimed.tasks(), claimAt))
                    .onComplete(ar -> {
                        slot.claiming = false;
                        if (ar.failed()) {
                            LOG.warnf(ar.cause(), "Claiming from %s failed; retrying on the next poll", queueName);
                            return;
                        }
                        Claim claim = ar.result();
                        if (claim.locked() == null) {
                            slots.remove(queueName);
                            return;
                        }
                        Instant now = claim.now();
                        for (Task task : claim.tasks()) {
                            dispatch(claim.locked().queue(), task);
                        }
                        if (slot.again || claim.tasks().size() == free) {
                            // More may be due right away: claim again (bounded by free slots, tokens and concurrency).
                            kick(queueName);
                        } else if (claim.tasks().isEmpty()) {
                            // Until planNext knows why nothing was taken, let finished work retry the claim.
                            slot.concurrencyBound = true;
                            planNext(queueName, claim, now);
                        } else {
                            // Took what was allowed; if tokens ran out, come back when the next one is due. (The
                            // next-due lookup is skipped here on purpose: new tasks arrive with a notification.)
                            slot.concurrencyBound = slot.inFlight
                                    >= claim.locked().queue().rateLimits().maxConcurrentDispatches();
                            tokenTimer(queueName, claim, now);
                        }
                    });
        }

        /** What one claiming transaction saw and took; {@code now} is this instance's clock when it claimed. */
        record Claim(QueueQueries.Locked locked, List<Task> tasks, Instant now) {
        }

        /** Decides when this queue is worth another claim, given why the last one took what it took. */
        void planNext(String queueName, Claim claim, Instant now) {
            QueueQueries.Locked locked = claim.locked();
            TaskQueries.nextDue(pool, queueName).onSuccess(nextDue -> {
                QueueSlot slot = slots.computeIfAbsent(queueName, q -> new QueueSlot());
                if (nextDue == null || stopping) {
                    slot.concurrencyBound = false;
                    return;
                }
                Instant at = nextDue;
                if (!nextDue.isAfter(now)) {
                    // Due tasks left behind: the queue is paused, held, out of tokens or at its concurrency limit.
                    if (locked.queue().state() != QueueState.RUNNING) {
                        slot.concurrencyBound = false;
                        return; // ResumeQueue notifies
                    }
                    if (locked.throttledUntil() != null && locked.throttledUntil().isAfter(now)) {
                        at = locked.throttledUntil();
                    } else {
                        Queue.RateLimits limits = locked.queue().rateLimits();
                        double elapsed = Math.max(0, Duration.between(locked.tokensAt(), now).toNanos() / 1e9);
                        double avail = Math.min(limits.maxBurstSize(),
                                locked.tokens() + limits.maxDispatchesPerSecond() * elapsed) - claim.tasks().size();
                        if (avail >= 1) {
                            // Concurrency-bound: finished work kicks this queue (other instances' by the poll).
                            return;
                        }
                        long waitNanos = (long) Math.ceil((1 - avail) / limits.maxDispatchesPerSecond() * 1e9);
                        at = now.plusNanos(Math.max(waitNanos, 1_000_000));
                    }
                }
                slot.concurrencyBound = false;
                timer(queueName, at);
            });
        }

        void tokenTimer(String queueName, Claim claim, Instant now) {
            QueueQueries.Locked locked = claim.locked();
            if (locked.queue().state() != QueueState.RUNNING) {
                return;
            }
            Queue.RateLimits limits = locked.queue().rateLimits();
            double elapsed = Math.max(0, Duration.between(locked.tokensAt(), now).toNanos() / 1e9);
            double avail = Math.min(limits.maxBurstSize(),
                    locked.tokens() + limits.maxDispatchesPerSecond() * elapsed) - claim.tasks().size();
            if (avail < 1) {
                long waitNanos = (long) Math.ceil((1 - avail) / limits.maxDispatchesPerSecond() * 1e9);
                timer(queueName, now.plusNanos(Math.max(waitNanos, 1_000_000)));
            }
        }

        void timer(String queueName, Instant at) {
            if (stopping) {
                return;
            }
            QueueSlot slot = slots.computeIfAbsent(queueName, q -> new QueueSlot());
            if (slot.timerId >= 0 && slot.timerAt != null && !slot.timerAt.isAfter(at)) {
                return; // an earlier wake-up is already set
            }
            if (slot.timerId >= 0) {
                vertx.cancelTimer(slot.timerId);
            }
            long delay = Math.max(1, Duration.between(clock.now(), at).toMillis());
            slot.timerAt = at;
            slot.timerId = vertx.setTimer(delay, id -> {
                slot.timerId = -1;
                slot.timerAt = null;
                kick(queueName);
            });
        }

        // ---- dispatching ----------------------------------------------------------------------------------

        void dispatch(Queue queue, Task task) {
            inFlight++;
            QueueSlot slot = slots.computeIfAbsent(queue.name(), q -> new QueueSlot());
            slot.inFlight++;
            Instant dispatchedAt = task.attemptDispatchTime();
            metrics.dispatched(queue.name(), Duration.between(task.attemptScheduleTime(), dispatchedAt));
            MultiMap headers = headers(task, dispatchedAt);
            client.send(task.httpMethod(), task.url(), headers, task.body(), task.dispatchDeadline(),
                    config.dispatcher().maxResponseBodyBytes())
                    .onComplete(ar -> {
                        inFlight--;
                        Instant now = clock.now();
                        if (ar.succeeded()) {
                            TargetClient.Response response = ar.result();
                            recordResponse(queue, task, now, response);
                        } else {
                            String reason = ar.cause() instanceof TargetClient.DeadlineExceeded
                                    ? "DEADLINE_EXCEEDED" : "CONNECTION_ERROR";
                            record(queue, task, now, null, reason + ": " + ar.cause().getMessage(), null, reason,
                                    null);
                        }
                        maybeDrained();
                    });
        }

        void recordResponse(Queue queue, Task task, Instant now, TargetClient.Response response) {
            int status = response.status();
            String reason = status / 100 == 2 ? null : "HTTP_" + status;
            if (status == 429 || status == 503) {
                Duration retryAfter = retryAfter(response.retryAfter(), now);
                Duration hold = retryAfter != null ? retryAfter : Duration.ofSeconds(1);
                Instant until = now.plus(hold);
                // The hold is written before the outcome, so the task's own retry can never be claimed before it.
                holding++;
                QueueQueries.throttle(pool, queue.name(), until).onComplete(ar -> {
                    holding--;
                    if (ar.failed()) {
                        LOG.warnf("Could not hold queue %s after %d: %s", queue.name(), status,
                                ar.cause().getMessage());
                    }
                    timer(queue.name(), until);
                    record(queue, task, now, status, null, response.body(), reason, retryAfter);
                    maybeDrained();
                });
                return;
            }
            record(queue, task, now, status, null, response.body(), reason, null);
        }

        /** Turns an attempt's result into an outcome and queues it for the next batched write. */
        void record(Queue queue, Task task, Instant now, Integer status, String error, byte[] body, String reason,
                Duration retryAfter) {
            Outcome outcome = Outcomes.decide(queue, task, now, status, error, body, reason, retryAfter);
            String metric = switch (outcome.newState()) {
                case SUCCEEDED -> "succeeded";
                case FAILED -> "failed";
                default -> "retried";
            };
            enqueue(outcome, queue.name(), metric, outcome.nextSchedule());
        }

        void enqueue(Outcome outcome, String queueName, String metric, Instant retryAt) {
            metrics.attempt(queueName, metric);
            outcomes.add(outcome);
            outcomeQueues.put(outcome.rowId(), queueName);
            if (retryAt != null) {
                pendingRetries.add(new Retry(queueName, retryAt));
            }
            flush();
        }

        /** Retry times of outcomes not yet written; their timers are set once the write succeeds. */
        final List<Retry> pendingRetries = new ArrayList<>();

        record Retry(String queueName, Instant at) {
        }

        void flush() {
            if (flushing || outcomes.isEmpty()) {
                return;
            }
            flushing = true;
            var batch = new ArrayList<Outcome>(outcomes);
            outcomes.clear();
            var retries = new ArrayList<>(pendingRetries);
            pendingRetries.clear();
            TaskQueries.recordOutcomes(pool, batch, config.dedupWindow()).onComplete(ar -> {
                flushing = false;
                Set<String> touched = new LinkedHashSet<>();
                for (Outcome o : batch) {
                    String queueName = outcomeQueues.remove(o.rowId());
                    touched.add(queueName);
                    QueueSlot slot = slots.get(queueName);
                    if (slot != null) {
                        slot.inFlight--;
                    }
                }
                if (ar.failed()) {
                    // The leases still hold these tasks; they will be redelivered when the leases end.
                    LOG.errorf(ar.cause(), "Recording %d attempt outcomes failed", batch.size());
                } else if (ar.result().reports() > 0) {
                    reports.wake();
                }
                for (Retry retry : retries) {
                    timer(retry.queueName(), retry.at());
                }
                // Finished work frees concurrency: let those queues, and any starved by local slots, claim again.
                // Only queues that were waiting for concurrency: kicking every touched queue would cost a claiming
                // transaction (and a contended queue-row lock) per batch for nothing.
                for (String queueName : touched) {
                    QueueSlot slot = slots.get(queueName);
                    // A claim in flight may have counted these attempts as running: let it claim once more.
                    if (slot != null && (slot.concurrencyBound || slot.claiming)) {
                        slot.concurrencyBound = false;
                        kick(queueName);
                    }
                }
                var waiting = new ArrayList<>(starved);
                starved.clear();
                waiting.forEach(this::kick);
                flush();
                maybeDrained();
            });
        }

        MultiMap headers(Task task, Instant now) {
            MultiMap h = MultiMap.caseInsensitiveMultiMap();
            task.headers().forEach((name, value) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!RESERVED_HEADERS.contains(lower) && !lower.startsWith("x-cloudtasks-")
                        && !lower.startsWith("x-google-") && !lower.startsWith("x-appengine-")) {
                    h.set(name, value);
                }
            });
            if (task.body() != null && !h.contains("Content-Type")) {
                h.set("Content-Type", "application/octet-stream");
            }
            h.set("User-Agent", "Google-Cloud-Tasks");
            h.set("X-CloudTasks-QueueName", ResourceNames.lastSegment(task.queueName()));
            h.set("X-CloudTasks-TaskName", task.taskId());
            h.set("X-CloudTasks-TaskRetryCount", Integer.toString(task.dispatchCount() - 1));
            h.set("X-CloudTasks-TaskExecutionCount", Integer.toString(task.executionCount()));
            Instant eta = task.attemptScheduleTime();
            h.set("X-CloudTasks-TaskETA", "%d.%06d".formatted(eta.getEpochSecond(), eta.getNano() / 1000));
            if (task.lastAttempt() != null && task.lastAttempt().httpStatus() != null) {
                h.set("X-CloudTasks-TaskPreviousResponse", Integer.toString(task.lastAttempt().httpStatus()));
            }
            if (task.retryReason() != null) {
                h.set("X-CloudTasks-TaskRetryReason", task.retryReason());
            }
            if (task.traceparent() != null && !h.contains("traceparent")) {
                h.set("traceparent", task.traceparent());
                if (task.tracestate() != null) {
                    h.set("tracestate", task.tracestate());
                }
            }
            if (task.oidc() != null) {
                String audience = task.oidc().audience() != null ? task.oidc().audience() : task.url();
                h.set("Authorization", "Bearer " + signer.token(task.oidc().serviceAccountEmail(), audience, now));
            }
            return h;
        }

        // ---- polling --------------------------------------------------------------------------------------

        void schedulePoll() {
            if (stopping) {
                return;
            }
            long base = config.dispatcher().pollInterval().toMillis();
            long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, base / 5));
            pollTimer = vertx.setTimer(base + jitter, id -> {
                poll();
                schedulePoll();
            });
        }

        /** The safety net: rescue expired leases, and look at every queue's next due time. */
        void poll() {
            if (stopping) {
                return;
            }
            Instant now = clock.now();
            polls++;
            TaskQueries.rescueExpiredLeases(pool, now, 1000)
                    .onSuccess(rescued -> rescued.forEach(this::kick))
                    .compose(v -> QueueQueries.listWithNextDue(pool))
                    .onSuccess(queues -> {
                        for (QueueQueries.DueInfo q : queues) {
                            if (q.forced()) {
                                kick(q.name());
                            } else if (q.state() == QueueState.RUNNING && q.nextDue() != null) {
                                Instant at = q.nextDue();
                                if (q.throttledUntil() != null && q.throttledUntil().isAfter(at)) {
                                    at = q.throttledUntil();
                                }
                                if (!at.isAfter(now)) {
                                    kick(q.name());
                                } else {
                                    timer(q.name(), at);
                                }
                            }
                        }
                    })
                    .onFailure(e -> LOG.warnf("Dispatcher poll failed: %s", e.getMessage()));
            if (polls % 60 == 1) {
                TaskQueries.deleteExpiredTombstones(pool, now, 10_000)
                        .onFailure(e -> LOG.warnf("Tombstone cleanup failed: %s", e.getMessage()));
                CompletionReportQueries.deleteDelivered(pool, now.minus(Duration.ofDays(1)), 10_000)
                        .onFailure(e -> LOG.warnf("Report cleanup failed: %s", e.getMessage()));
            }
        }

        // ---- shutdown -------------------------------------------------------------------------------------

        void stop(CompletableFuture<Void> done) {
            stopping = true;
            drained = done;
            if (pollTimer >= 0) {
                vertx.cancelTimer(pollTimer);
            }
            if (depthTimer >= 0) {
                vertx.cancelTimer(depthTimer);
            }
            slots.values().forEach(s -> {
                if (s.timerId >= 0) {
                    vertx.cancelTimer(s.timerId);
                }
            });
            LOG.infof("Draining: %d attempt(s) in flight", inFlight);
            maybeDrained();
        }

        void maybeDrained() {
            if (drained != null && inFlight == 0 && holding == 0 && outcomes.isEmpty() && !flushing) {
                drained.complete(null);
            }
        }
    }

    /** Retry-After as seconds or an HTTP date, capped by maxThrottle; null when absent or unreadable. */
    Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Duration value;
        try {
            value = Duration.ofSeconds(Long.parseLong(header.strip()));
        } catch (NumberFormatException e) {
            try {
                value = Duration.between(now, ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant());
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
        if (value.isNegative()) {
            return Duration.ZERO;
        }
        Duration cap = config.dispatcher().maxThrottle();
        return value.compareTo(cap) > 0 ? cap : value;
    }
}
