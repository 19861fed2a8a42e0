package dev.baton.taskqueue.repository;

import static dev.baton.taskqueue.support.Api.queueName;
import static dev.baton.taskqueue.support.Api.uniqueQueueId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.platform.db.DatabaseConfig;
import dev.baton.taskqueue.Queue;
import dev.baton.taskqueue.RetryPolicy;
import dev.baton.taskqueue.Task;
import dev.baton.taskqueue.TaskState;
import dev.baton.taskqueue.service.Outcomes;
import dev.baton.taskqueue.service.QueueService;
import dev.baton.taskqueue.service.QueueSpec;
import dev.baton.taskqueue.service.TaskService;
import dev.baton.taskqueue.service.TaskSpec;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The claiming and completion statements under a controlled clock. Every queue here has its tasks scheduled ten
 * days ahead, so the live dispatcher of the test application never touches them and "now" is whatever the test
 * passes.
 */
@QuarkusTest
class TaskQueriesTest {

    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    DatabaseConfig db;
    @Inject
    QueueService queues;
    @Inject
    TaskService tasks;

    private final Instant t0 = Instant.now().plus(Duration.ofDays(10)).truncatedTo(ChronoUnit.MILLIS);
    private static final Duration GRACE = Duration.ofSeconds(5);

    private String queue(QueueSpec spec, int taskCount) {
        String name = queueName(uniqueQueueId("claim"));
        join(queues.create(name, spec, t0));
        for (int i = 0; i < taskCount; i++) {
            join(tasks.create(name, new TaskSpec("t" + i, "POST", "http://127.0.0.1:9/", Map.of(), null, null, null,
                    Duration.ofSeconds(15), "http://127.0.0.1:9/report"), null, null, t0));
        }
        return name;
    }

    private static List<Task> claim(Pool on, String queue, Instant now, int slots) {
        return join(on.withTransaction(tx -> QueueQueries.lockForClaim(tx, queue)
                .compose(q -> TaskQueries.claimAvailable(tx, queue, now, slots, GRACE))));
    }

    private Row row(String queue, String taskId) {
        return join(pool.preparedQuery("SELECT * FROM task WHERE queue_name = $1 AND task_id = $2")
                .execute(Tuple.of(queue, taskId))).iterator().next();
    }

    @Test
    void completeIfRunning_failingAttempts_followTheBackoffFormulaThenFail() {
        var spec = new QueueSpec(null, null, null, 4, null, Duration.ofSeconds(1), Duration.ofSeconds(10), 1);
        String name = queue(spec, 1);
        Queue q = join(queues.get(name));
        Instant now = t0;
        List<Duration> gaps = new ArrayList<>();
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertEquals(List.of(), claim(pool, name, now.minusNanos(1000), 10), "not due a microsecond early");
            List<Task> claimed = claim(pool, name, now, 10);
            assertEquals(1, claimed.size());
            Task task = claimed.getFirst();
            assertEquals(attempt, task.dispatchCount());
            Instant responded = now.plusMillis(37);
            var outcome = Outcomes.decide(q, task, responded, 500, null, "boom".getBytes(), "HTTP_500", null);
            assertEquals(1, join(TaskQueries.completeIfRunning(pool, List.of(outcome), Duration.ofHours(1))).updated());
            Row r = row(name, "t0");
            if (attempt < 4) {
                assertEquals("PENDING", r.getString("state"));
                Instant next = r.getOffsetDateTime("schedule_time").toInstant();
                gaps.add(Duration.between(responded, next));
                now = next;
            } else {
                assertEquals("FAILED", r.getString("state"));
                assertEquals(responded.plus(Duration.ofHours(1)), r.getOffsetDateTime("reserved_until").toInstant());
            }
        }
        // minBackoff 1s, maxDoublings 1: 1s, 2s, then linear steps of 2s.
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), gaps);
        Row report = join(pool.preparedQuery("SELECT * FROM completion_report WHERE task_name = $1")
                .execute(Tuple.of(name + "/tasks/t0"))).iterator().next();
        assertEquals("FAILED", report.getString("outcome"));
        assertEquals(4, report.getInteger("dispatch_count"));
        assertEquals(500, report.getInteger("last_status"));
        assertEquals("PENDING", report.getString("state"));
    }

    /** Fails attempt after attempt at the times the schedule says, returning the gaps until it stops retrying. */
    private List<Duration> failUntilFinal(String name, int maxRounds) {
        Queue q = join(queues.get(name));
        Instant now = t0;
        List<Duration> gaps = new ArrayList<>();
        for (int round = 0; round < maxRounds; round++) {
            List<Task> claimed = claim(pool, name, now, 10);
            assertEquals(1, claimed.size(), "due at " + now);
            var outcome = Outcomes.decide(q, claimed.getFirst(), now, 503, null, null, "HTTP_503", null);
            join(TaskQueries.completeIfRunning(pool, List.of(outcome), Duration.ofHours(1)));
            Row r = row(name, "t0");
            if (!"PENDING".equals(r.getString("state"))) {
                return gaps;
            }
            Instant next = r.getOffsetDateTime("schedule_time").toInstant();
            gaps.add(Duration.between(now, next));
            now = next;
        }
        return gaps;
    }

    @Test
    void completeIfRunning_unlimitedAttempts_retriesOnTheFormulaAndNeverFails() {
        var spec = new QueueSpec(null, null, null, -1, null, Duration.ofSeconds(1), Duration.ofSeconds(20), 2);
        String name = queue(spec, 1);
        List<Duration> gaps = failUntilFinal(name, 12);
        assertEquals(12, gaps.size(), "still PENDING after 12 failures");
        // 1 s doubled twice (1, 2, 4), then linear steps of 4 s (8, 12, 16, 20), capped at 20 s.
        List<Long> seconds = gaps.stream().map(Duration::toSeconds).toList();
        assertEquals(List.of(1L, 2L, 4L, 8L, 12L, 16L, 20L, 20L, 20L, 20L, 20L, 20L), seconds);
        RetryPolicy policy = join(queues.get(name)).retry();
        for (int k = 0; k < gaps.size(); k++) {
            assertEquals(policy.backoff(k + 1), gaps.get(k));
        }
        assertEquals(12, row(name, "t0").getInteger("dispatch_count"));
    }

    @Test
    void completeIfRunning_attemptsSpentButRetryDurationLeft_keepsRetryingUntilBothAreSpent() {
        // maxAttempts 2, maxRetryDuration 10 s, a constant 3 s backoff: attempts at 0, 3, 6, 9 s are retried (less
        // than 10 s since the first), the one at 12 s is the last.
        var spec = new QueueSpec(null, null, null, 2, Duration.ofSeconds(10), Duration.ofSeconds(3),
                Duration.ofSeconds(3), 0);
        String name = queue(spec, 1);
        List<Duration> gaps = failUntilFinal(name, 20);
        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3)),
                gaps);
        Row r = row(name, "t0");
        assertEquals("FAILED", r.getString("state"));
        assertEquals(5, r.getInteger("dispatch_count"));
        assertEquals(t0, r.getOffsetDateTime("first_attempt_dispatch_time").toInstant());
        assertEquals(t0.plusSeconds(12), r.getOffsetDateTime("last_attempt_dispatch_time").toInstant());
    }

    @Test
    void completeIfRunning_maxAttemptsWithoutDuration_failsAfterExactlyThatMany() {
        var spec = new QueueSpec(null, null, null, 3, null, Duration.ofMillis(100), Duration.ofMillis(100), 0);
        String name = queue(spec, 1);
        assertEquals(2, failUntilFinal(name, 20).size());
        assertEquals("FAILED", row(name, "t0").getString("state"));
        assertEquals(3, row(name, "t0").getInteger("dispatch_count"));
    }

    @Test
    void create_nameOfCompletedTask_isRefusedForOneHourAfterCompletion() {
        for (int status : new int[] {200, 410}) {
            var spec = new QueueSpec(null, null, null, 1, null, null, null, null);
            String name = queue(spec, 1);
            Queue q = join(queues.get(name));
            Task task = claim(pool, name, t0, 10).getFirst();
            Instant finished = t0.plusMillis(40);
            join(TaskQueries.completeIfRunning(pool, List.of(Outcomes.decide(q, task, finished, status, null, null,
                    "HTTP_" + status, null)), Duration.ofHours(1)));
            assertEquals(status == 200 ? "SUCCEEDED" : "FAILED", row(name, "t0").getString("state"));
            var again = new TaskSpec("t0", "POST", "http://127.0.0.1:9/", Map.of(), null, null, null, null, null);
            var refused = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CompletionException.class,
                    () -> join(tasks.create(name, again, null, null, finished.plus(Duration.ofMinutes(59)))));
            var cause = (dev.baton.taskqueue.TaskQueueException) refused.getCause();
            assertEquals(dev.baton.taskqueue.ErrorCode.ALREADY_EXISTS, cause.code());
            Task recreated = join(tasks.create(name, again, null, null, finished.plus(Duration.ofHours(1))));
            assertEquals(0, recreated.dispatchCount(), "a new incarnation of the name");
            assertEquals(TaskState.PENDING, recreated.state());
        }
    }

    @Test
    void deleteIfLive_runningTask_makesItsLateOutcomeAndRescueNoOps() {
        String name = queue(QueueSpec.EMPTY, 1);
        Queue q = join(queues.get(name));
        Task task = claim(pool, name, t0, 10).getFirst();
        assertTrue(join(TaskQueries.deleteIfLive(pool, name, "t0", t0.plusMillis(1), t0.plus(Duration.ofHours(1)))));
        var late = Outcomes.decide(q, task, t0.plusMillis(5), 200, null, null, null, null);
        var result = join(TaskQueries.completeIfRunning(pool, List.of(late), Duration.ofHours(1)));
        assertEquals(0, result.updated());
        assertEquals(0, result.reports());
        Row r = row(name, "t0");
        assertNull(r.getValue("lease_expires_at"), "a deleted task holds no lease that could be rescued");
        assertEquals("DELETED", r.getString("state"));
        assertEquals(0, r.getInteger("response_count"));
        var reports = join(pool.preparedQuery("SELECT outcome FROM completion_report WHERE task_name = $1")
                .execute(Tuple.of(name + "/tasks/t0")));
        assertEquals(1, reports.size());
        assertEquals("DELETED", reports.iterator().next().getString("outcome"));
        assertFalse(join(TaskQueries.deleteIfLive(pool, name, "t0", t0.plusMillis(9), t0.plus(Duration.ofHours(1)))),
                "a second delete finds nothing live");
    }

    @Test
    void completionReport_markedTwiceOrLate_changesOnlyOnce() {
        String name = queue(QueueSpec.EMPTY, 1);
        Queue q = join(queues.get(name));
        Task task = claim(pool, name, t0, 10).getFirst();
        join(TaskQueries.completeIfRunning(pool, List.of(Outcomes.decide(q, task, t0.plusMillis(5), 200, null, null,
                null, null)), Duration.ofHours(1)));
        long id = join(pool.preparedQuery("SELECT id FROM completion_report WHERE task_name = $1")
                .execute(Tuple.of(name + "/tasks/t0"))).iterator().next().getLong("id");
        // Lease it as a deliverer's claim would (the claim itself takes every due report, other tests' too), then
        // record the delivery twice and a late failure.
        join(pool.preparedQuery("UPDATE completion_report SET state = 'RUNNING', attempts = 1, lease_expires_at = $2"
                + " WHERE id = $1 AND state = 'PENDING'").execute(Tuple.of(id, t0.plusSeconds(15).atOffset(
                        java.time.ZoneOffset.UTC))));
        assertTrue(join(CompletionReportQueries.markDelivered(pool, id, 1, t0.plusMillis(7), 204)));
        assertFalse(join(CompletionReportQueries.markDelivered(pool, id, 1, t0.plusMillis(8), 204)));
        assertFalse(join(CompletionReportQueries.markFailed(pool, id, 1, t0.plusSeconds(1), 500, false, "late")));
        Row r = join(pool.preparedQuery("SELECT state, last_report_status FROM completion_report WHERE id = $1")
                .execute(Tuple.of(id))).iterator().next();
        assertEquals("DELIVERED", r.getString("state"));
        assertEquals(204, r.getInteger("last_report_status"));
    }

    @Test
    void completeIfRunning_staleOrDuplicateOutcome_changesNothing() {
        String name = queue(QueueSpec.EMPTY, 1);
        Queue q = join(queues.get(name));
        Task task = claim(pool, name, t0, 10).getFirst();
        var ok = Outcomes.decide(q, task, t0.plusMillis(5), 200, null, null, null, null);
        assertEquals(1, join(TaskQueries.completeIfRunning(pool, List.of(ok), Duration.ofHours(1))).updated());
        assertEquals(0, join(TaskQueries.completeIfRunning(pool, List.of(ok), Duration.ofHours(1))).updated());
        var late = Outcomes.decide(q, task, t0.plusMillis(9), 500, null, null, "HTTP_500", null);
        assertEquals(0, join(TaskQueries.completeIfRunning(pool, List.of(late), Duration.ofHours(1))).updated());
        assertEquals("SUCCEEDED", row(name, "t0").getString("state"));
        assertEquals(1L, join(pool.preparedQuery("SELECT count(*) AS n FROM completion_report WHERE task_name = $1")
                .execute(Tuple.of(name + "/tasks/t0"))).iterator().next().getLong("n"));
    }

    @Test
    void claimAvailable_tokenBucket_limitsToBurstThenRefillsAtRate() {
        String name = queue(new QueueSpec(5.0, 2, null, null, null, null, null, null), 10);
        assertEquals(2, claim(pool, name, t0, 100).size(), "a full bucket holds maxBurstSize tokens");
        assertEquals(0, claim(pool, name, t0, 100).size(), "the bucket is empty");
        assertEquals(0, claim(pool, name, t0.plusMillis(199), 100).size(), "0.995 tokens are not a dispatch");
        assertEquals(1, claim(pool, name, t0.plusMillis(200), 100).size(), "5/s refills one token in 200 ms");
        assertEquals(2, claim(pool, name, t0.plusSeconds(10), 100).size(), "the refill stops at maxBurstSize");
    }

    @Test
    void claimAvailable_twoInstancesAtOnce_shareOneBucket() throws Exception {
        String name = queue(new QueueSpec(5.0, 3, null, null, null, null, null, null), 30);
        var options = new PgConnectOptions().setHost(db.host()).setPort(db.port()).setDatabase(db.name())
                .setUser(db.user());
        Pool other = PgBuilder.pool().connectingTo(options).with(new PoolOptions().setMaxSize(8)).using(vertx).build();
        try {
            var all = new ArrayList<Future<List<Task>>>();
            Instant now = t0.plusSeconds(1);
            for (int i = 0; i < 10; i++) {
                for (Pool instance : List.of(pool, other)) {
                    all.add(instance.withTransaction(tx -> QueueQueries.lockForClaim(tx, name)
                            .compose(q -> TaskQueries.claimAvailable(tx, name, now, 100, GRACE))));
                }
            }
            int total = 0;
            for (var f : all) {
                total += join(f).size();
            }
            assertEquals(3, total, "twenty concurrent claims from two pools take exactly the bucket");
        } finally {
            other.close();
        }
    }

    @Test
    void claimAvailable_maxConcurrentDispatches_countsLeasesUntilOutcomeOrExpiry() {
        String name = queue(new QueueSpec(1000.0, 100, 3, null, null, null, null, null), 10);
        Queue q = join(queues.get(name));
        List<Task> first = claim(pool, name, t0, 100);
        assertEquals(3, first.size());
        assertEquals(0, claim(pool, name, t0.plusMillis(1), 100).size(), "three leases are in flight");
        var done = Outcomes.decide(q, first.getFirst(), t0.plusMillis(2), 204, null, null, null, null);
        join(TaskQueries.completeIfRunning(pool, List.of(done), Duration.ofHours(1)));
        assertEquals(1, claim(pool, name, t0.plusMillis(3), 100).size(), "one finished, one more may start");
        // Leases last dispatchDeadline (15 s) + grace (5 s); after that they no longer count and are rescued.
        Instant expired = t0.plusSeconds(21);
        assertTrue(join(TaskQueries.rescueExpiredLeases(pool, expired, 1000)).contains(name));
        Row rescued = row(name, first.get(1).taskId());
        assertEquals("PENDING", rescued.getString("state"));
        assertEquals("LEASE_EXPIRED", rescued.getString("retry_reason"));
        assertEquals(1, rescued.getInteger("dispatch_count"));
        List<Task> again = claim(pool, name, expired, 100);
        assertEquals(3, again.size());
        assertEquals(TaskState.RUNNING, again.getFirst().state());
        assertNull(join(TaskQueries.get(pool, name, first.getFirst().taskId())), "a succeeded task is not live");
    }

    @Test
    void inOneRoundTrip_failingStatement_rollsBackTheWholeTransaction() {
        String name = queue(QueueSpec.EMPTY, 0);
        var failed = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CompletionException.class,
                () -> join(Sql.inOneRoundTrip(pool, false, conn -> {
                    Future<?> paused = conn.preparedQuery("UPDATE queue SET state = 'PAUSED' WHERE name = $1")
                            .execute(Tuple.of(name));
                    Future<?> broken = conn.query("SELECT 1 / 0").execute();
                    return Future.join(paused, broken);
                })));
        assertTrue(failed.getCause().getMessage().contains("division by zero"), failed.getCause().getMessage());
        assertEquals("RUNNING", join(queues.get(name)).state().name(), "the first statement was rolled back too");
    }

    @Test
    void inOneRoundTrip_notDurable_commitsWithoutWaitingForTheFlushAndUsesGenericPlans() {
        var settings = join(Sql.inOneRoundTrip(pool, false, conn -> conn.query(
                "SELECT current_setting('synchronous_commit') AS sc, current_setting('plan_cache_mode') AS pcm")
                .execute())).iterator().next();
        assertEquals("off", settings.getString("sc"));
        assertEquals("force_generic_plan", settings.getString("pcm"));
        var durable = join(Sql.inOneRoundTrip(pool, true, conn -> conn.query(
                "SELECT current_setting('synchronous_commit') AS sc").execute())).iterator().next();
        assertEquals("on", durable.getString("sc"), "durable writes keep the server's setting");
    }

    private static <T> T join(Future<T> future) {
        return future.toCompletionStage().toCompletableFuture().join();
    }
}
