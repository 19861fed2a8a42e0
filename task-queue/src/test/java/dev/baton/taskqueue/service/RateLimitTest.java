package dev.baton.taskqueue.service;

import static dev.baton.taskqueue.support.Api.createQueue;
import static dev.baton.taskqueue.support.Api.createTask;
import static dev.baton.taskqueue.support.Api.uniqueQueueId;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.taskqueue.support.Bucket;
import dev.baton.taskqueue.support.TestTarget;
import dev.baton.taskqueue.support.TestTarget.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Rate limits end to end through the live dispatcher. Dispatches are counted per window on the dispatch times the
 * claiming statement stored, against the exact token-bucket bound (burst + rate * window), so the check has no
 * slack to tune and cannot flake; the clock-controlled checks of the bucket itself are in TaskQueriesTest, and the
 * same limits across two packaged instances in MultiInstanceLimitsIT.
 */
@QuarkusTest
class RateLimitTest {

    @Inject
    Pool pool;

    private List<Instant> dispatchTimes(String queue) {
        var rows = pool.preparedQuery("SELECT first_attempt_dispatch_time FROM task WHERE queue_name = $1")
                .execute(Tuple.of(queue)).toCompletionStage().toCompletableFuture().join();
        var out = new ArrayList<Instant>();
        rows.forEach(r -> out.add(r.getOffsetDateTime(0).toInstant()));
        return out;
    }

    private long succeeded(String queue) {
        return pool.preparedQuery("SELECT count(*) FROM task WHERE queue_name = $1 AND state = 'SUCCEEDED'")
                .execute(Tuple.of(queue)).toCompletionStage().toCompletableFuture().join().iterator().next()
                .getLong(0);
    }

    @Test
    void dispatch_tenPerSecondBurstThree_neverExceedsTheBucketInAnyWindow() throws Exception {
        try (var target = new TestTarget()) {
            String queue = createQueue(uniqueQueueId("rate"),
                    "\"rateLimits\":{\"maxDispatchesPerSecond\":10,\"maxBurstSize\":3}");
            int tasks = 23;
            for (int i = 0; i < tasks; i++) {
                createTask(queue, "{\"httpRequest\":{\"url\":\"" + target.url("/rate/" + i) + "\"}}")
                        .then().statusCode(200);
            }
            // 23 tasks at 10/s after a burst of 3 take 2 s; the deadline only bounds a hang.
            await().atMost(Duration.ofSeconds(20)).until(() -> succeeded(queue) == tasks);
            assertEquals(tasks, target.hits("/rate").size(), "each task reached the target once");
            List<Instant> times = dispatchTimes(queue);
            assertEquals(tasks, times.size());
            Bucket.assertWithinBucket(times, 10, 3);
        }
    }

    @Test
    void dispatch_maxConcurrentTwo_keepsExactlyTwoRequestsOpen() throws Exception {
        try (var target = new TestTarget()) {
            // Each request is held until a second one is open or no more can come (or 5 s pass, so a broken
            // dispatcher cannot hang the test): a dispatcher that honours the limit then has exactly two open at its
            // busiest moment.
            var arrived = new AtomicInteger();
            target.on("/slow", hit -> {
                int n = arrived.incrementAndGet();
                long until = System.nanoTime() + 5_000_000_000L;
                while (target.openNow() < 2 && n < 8 && System.nanoTime() < until) {
                    LockSupport.parkNanos(1_000_000);
                }
                return Reply.of(200);
            });
            String queue = createQueue(uniqueQueueId("conc"), "\"rateLimits\":{\"maxConcurrentDispatches\":2}");
            for (int i = 0; i < 8; i++) {
                createTask(queue, "{\"httpRequest\":{\"url\":\"" + target.url("/slow/" + i) + "\"}}")
                        .then().statusCode(200);
            }
            // The test poll is 10 s: four waves finishing well within this deadline show that a finished attempt
            // frees its slot at once instead of at the next poll.
            await().atMost(Duration.ofSeconds(8)).until(() -> succeeded(queue) == 8);
            assertEquals(8, target.hits("/slow").size());
            assertEquals(2, target.maxOpen(), "at most (and, with the barrier, exactly) two requests open at once");
        }
    }
}
