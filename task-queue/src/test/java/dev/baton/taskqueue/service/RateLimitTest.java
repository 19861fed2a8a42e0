package dev.baton.taskqueue.service;

import static dev.baton.taskqueue.support.Api.createQueue;
import static dev.baton.taskqueue.support.Api.createTask;
import static dev.baton.taskqueue.support.Api.uniqueQueueId;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.taskqueue.support.TestTarget;
import dev.baton.taskqueue.support.TestTarget.Reply;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rate limits end to end. The bounds follow from the token bucket itself (at most burst + rate * window dispatches
 * in any window), with one extra dispatch of slack for arrival jitter, so they hold on a slow machine too; the
 * deterministic, clock-controlled checks of the bucket are in TaskQueriesTest.
 */
@QuarkusTest
class RateLimitTest {

    @Test
    void dispatch_fivePerSecondBurstOne_neverExceedsTheBucketInAnyWindow() throws Exception {
        try (var target = new TestTarget()) {
            String queue = createQueue(uniqueQueueId("rate"),
                    "\"rateLimits\":{\"maxDispatchesPerSecond\":5,\"maxBurstSize\":1}");
            int tasks = 11;
            for (int i = 0; i < tasks; i++) {
                createTask(queue, "{\"httpRequest\":{\"url\":\"" + target.url("/rate/" + i) + "\"}}")
                        .then().statusCode(200);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> target.hits("/rate").size() == tasks);
            List<Instant> at = target.hits("/rate").stream().map(TestTarget.Hit::at).sorted().toList();
            // 11 dispatches with a bucket of 1 refilled at 5/s need at least 10 refills: 2 s.
            long span = Duration.between(at.getFirst(), at.getLast()).toMillis();
            assertTrue(span >= 1800, "11 dispatches took only " + span + " ms");
            for (int i = 0; i < at.size(); i++) {
                Instant from = at.get(i);
                Instant until = from.plusSeconds(1);
                long inWindow = at.stream().filter(t -> !t.isBefore(from) && t.isBefore(until)).count();
                assertTrue(inWindow <= 1 + 5 + 1, inWindow + " dispatches in the second after dispatch " + i);
            }
        }
    }

    @Test
    void dispatch_maxConcurrentTwo_neverHasMoreThanTwoOpenRequests() throws Exception {
        try (var target = new TestTarget()) {
            target.on("/slow", hit -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Reply.of(200);
            });
            String queue = createQueue(uniqueQueueId("conc"), "\"rateLimits\":{\"maxConcurrentDispatches\":2}");
            for (int i = 0; i < 8; i++) {
                createTask(queue, "{\"httpRequest\":{\"url\":\"" + target.url("/slow/" + i) + "\"}}")
                        .then().statusCode(200);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> target.hits("/slow").size() == 8);
            assertEquals(2, target.maxOpen(), "exactly two requests were open at the busiest moment");
            // Four waves of 300 ms: a finished attempt must free its slot at once, not at the next (10 s) poll.
            List<Instant> at = target.hits("/slow").stream().map(TestTarget.Hit::at).sorted().toList();
            long span = Duration.between(at.getFirst(), at.getLast()).toMillis();
            assertTrue(span < 6000, "eight 300 ms requests two at a time took " + span + " ms");
        }
    }
}
