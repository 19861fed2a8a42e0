package dev.baton.taskqueue.service;

import dev.baton.taskqueue.config.TaskQueueConfig;
import dev.baton.taskqueue.client.TargetClient;
import dev.baton.taskqueue.repository.CompletionReportQueries;
import dev.baton.taskqueue.repository.CompletionReportQueries.Report;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Delivers completion reports from the {@code completion_report} outbox: POSTs each to its URL with an OIDC token
 * (audience = the report URL), retries failures with doubling backoff, and records the result guarded by state and
 * attempt number. A report row exists exactly once per finished task; delivery is at least once, so receivers
 * de-duplicate by {@code reportId} (equivalently by task name).
 *
 * <p>Runs as a verticle: woken by the dispatcher when a batch of outcomes created reports, and by its own jittered
 * poll, which also picks up reports of tasks finished by other instances and leases of a dead instance.
 */
@ApplicationScoped
public class ReportDeliverer {

    private static final Logger LOG = Logger.getLogger(ReportDeliverer.class);

    private final Vertx vertx;
    private final Pool pool;
    private final TaskQueueConfig config;
    private final TargetClient client;
    private final TokenSigner signer;
    private final Clock clock;
    private volatile Loop loop;

    public ReportDeliverer(Vertx vertx, Pool pool, TaskQueueConfig config, TargetClient client, TokenSigner signer,
            Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.config = config;
        this.client = client;
        this.signer = signer;
        this.clock = clock;
    }

    void start() throws Exception {
        loop = new Loop();
        vertx.deployVerticle(loop).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    void stop() {
        Loop current = loop;
        if (current != null && current.context != null) {
            current.context.runOnContext(v -> current.stopped = true);
        }
    }

    /** Looks for due reports now. */
    public void wake() {
        Loop current = loop;
        if (current != null && current.context != null) {
            current.context.runOnContext(v -> current.claim());
        }
    }

    /** The JSON body of a report; see task-queue/README.md for the contract. */
    JsonObject payload(Report r) {
        var json = new JsonObject()
                .put("reportId", Long.toString(r.id()))
                .put("task", r.taskName())
                .put("queue", r.taskName().substring(0, r.taskName().indexOf("/tasks/")))
                .put("outcome", r.outcome())
                .put("attempts", r.dispatchCount())
                .put("responseCount", r.responseCount())
                .put("completeTime", r.taskFinalTime().toString());
        if (r.lastStatus() != null) {
            byte[] body = r.lastBody() == null ? new byte[0] : r.lastBody();
            int max = config.reports().maxBodyBytes();
            boolean truncated = body.length > max;
            byte[] kept = truncated ? Arrays.copyOf(body, max) : body;
            json.put("lastResponse", new JsonObject().put("status", r.lastStatus())
                    .put("body", Base64.getEncoder().encodeToString(kept)).put("bodyTruncated", truncated));
        }
        if (r.lastError() != null) {
            json.put("lastError", r.lastError());
        }
        return json;
    }

    private final class Loop extends AbstractVerticle {
        Context context;
        int inFlight;
        boolean claiming;
        boolean again;
        boolean stopped;
        long timerId = -1;

        @Override
        public void start() {
            context = vertx.getOrCreateContext();
            schedulePoll();
        }

        void schedulePoll() {
            long base = config.dispatcher().pollInterval().toMillis();
            vertx.setTimer(base + ThreadLocalRandom.current().nextLong(Math.max(1, base / 5)), id -> {
                if (!stopped) {
                    claim();
                    schedulePoll();
                }
            });
        }

        void claim() {
            if (stopped) {
                return;
            }
            if (claiming) {
                again = true;
                return;
            }
            int free = config.reports().maxInFlight() - inFlight;
            if (free <= 0) {
                return;
            }
            claiming = true;
            again = false;
            Instant now = clock.now();
            Duration lease = config.reports().timeout().plusSeconds(5);
            CompletionReportQueries.claimAvailable(pool, now, free, lease).onComplete(ar -> {
                claiming = false;
                if (ar.failed()) {
                    LOG.warnf("Claiming completion reports failed: %s", ar.cause().getMessage());
                    return;
                }
                ar.result().forEach(this::deliver);
                if (again || ar.result().size() == free) {
                    claim();
                } else {
                    planNext();
                }
            });
        }

        void planNext() {
            CompletionReportQueries.nextDue(pool).onSuccess(next -> {
                if (next == null || stopped) {
                    return;
                }
                long delay = Math.max(1, Duration.between(clock.now(), next).toMillis());
                if (delay < config.dispatcher().pollInterval().toMillis()) {
                    if (timerId >= 0) {
                        vertx.cancelTimer(timerId);
                    }
                    timerId = vertx.setTimer(delay, id -> {
                        timerId = -1;
                        claim();
                    });
                }
            });
        }

        void deliver(Report report) {
            inFlight++;
            Instant now = clock.now();
            MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                    .set("Content-Type", "application/json")
                    .set("User-Agent", "Baton-Task-Queue")
                    .set("X-Baton-Report-Id", Long.toString(report.id()))
                    .set("Authorization", "Bearer " + signer.token(config.oidc().reportServiceAccount(), report.url(),
                            now));
            if (report.traceparent() != null) {
                headers.set("traceparent", report.traceparent());
            }
            byte[] body = payload(report).encode().getBytes(StandardCharsets.UTF_8);
            client.send("POST", report.url(), headers, body, config.reports().timeout(), 1024).onComplete(ar -> {
                inFlight--;
                Instant done = clock.now();
                if (ar.succeeded() && ar.result().status() / 100 == 2) {
                    CompletionReportQueries.markDelivered(pool, report.id(), report.attempts(), done,
                            ar.result().status());
                } else {
                    Integer status = ar.succeeded() ? ar.result().status() : null;
                    String error = ar.succeeded() ? "HTTP " + status : ar.cause().getMessage();
                    Duration delay = backoff(report.attempts());
                    boolean abandon = !done.isBefore(report.createTime().plus(config.reports().maxRetryDuration()));
                    if (abandon) {
                        LOG.errorf("Abandoning the completion report of %s to %s after %d attempts: %s",
                                report.taskName(), report.url(), report.attempts(), error);
                    }
                    CompletionReportQueries.markFailed(pool, report.id(), report.attempts(), done.plus(delay), status,
                            abandon, error).onSuccess(v -> planNext());
                }
                claim();
            });
        }

        Duration backoff(int attempts) {
            Duration min = config.reports().minBackoff();
            Duration max = config.reports().maxBackoff();
            int shift = Math.min(attempts - 1, 30);
            Duration delay = min.multipliedBy(1L << Math.max(0, shift));
            return delay.compareTo(max) > 0 ? max : delay;
        }
    }
}
