package dev.baton.taskqueue.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.platform.testing.PackagedApp;
import dev.baton.taskqueue.support.Bucket;
import dev.baton.taskqueue.support.TestTarget;
import dev.baton.taskqueue.support.TestTarget.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances on one database, both dispatching: a queue's maxConcurrentDispatches and its token bucket
 * hold across them, because both are kept in the queue and task rows and claimed under the queue-row lock.
 *
 * <p>Each instance may keep at most two attempts in flight ({@code dispatcher.max-in-flight=2}) while the queue allows
 * three: neither instance can fill the queue alone, so the other one always has a free slot when it claims, and
 * both take part; a limit counted per instance would let four requests be open at once.
 */
class MultiInstanceLimitsIT {

    private static final List<String> PROPS = List.of("-Dbaton.task-queue.dispatcher.max-in-flight=2",
            "-Dbaton.task-queue.dispatcher.poll-interval=200ms");
    private static final String PARENT = "projects/multi/locations/here";

    @Test
    void twoInstances_oneQueue_concurrencyAndRateLimitsHoldAcrossBoth() throws Exception {
        String database = "taskqueue_it_multi_" + Long.toHexString(System.nanoTime());
        // One target per queue, so that each one's count of open requests is that queue's concurrency. Each
        // attempt takes 250 ms there, so attempts overlap and the limits are what bounds them.
        try (var concurrentTarget = new TestTarget(); var ratedTarget = new TestTarget()) {
            for (TestTarget target : List.of(concurrentTarget, ratedTarget)) {
                target.on("/", hit -> {
                    LockSupport.parkNanos(250_000_000L);
                    return Reply.of(200);
                });
            }
            try (var a = PackagedApp.start(database, "multi-it-a", Map.of(), PROPS);
                    var b = PackagedApp.start(database, "multi-it-b", Map.of(), PROPS)) {
                String concurrent = PARENT + "/queues/concurrent";
                String rated = PARENT + "/queues/rated";
                post(a.url() + "/v2/" + PARENT + "/queues", "{\"name\":\"" + concurrent + "\",\"rateLimits\":{"
                        + "\"maxDispatchesPerSecond\":500,\"maxConcurrentDispatches\":3}}");
                post(b.url() + "/v2/" + PARENT + "/queues", "{\"name\":\"" + rated + "\",\"rateLimits\":{"
                        + "\"maxDispatchesPerSecond\":10,\"maxBurstSize\":2}}");
                int perQueue = 30;
                for (int i = 0; i < perQueue; i++) {
                    // Half the tasks through each instance's API.
                    PackagedApp via = i % 2 == 0 ? a : b;
                    post(via.url() + "/v2/" + concurrent + "/tasks", "{\"task\":{\"httpRequest\":{\"url\":\""
                            + concurrentTarget.url("/c/" + i) + "\"}}}");
                    post(via.url() + "/v2/" + rated + "/tasks", "{\"task\":{\"httpRequest\":{\"url\":\""
                            + ratedTarget.url("/r/" + i) + "\"}}}");
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(database, concurrent) == perQueue
                        && succeeded(database, rated) == perQueue);

                assertEquals(perQueue, concurrentTarget.hits().size());
                assertEquals(perQueue, ratedTarget.hits().size());
                assertTrue(concurrentTarget.maxOpen() <= 3, concurrentTarget.maxOpen() + " requests open at once");
                Bucket.assertWithinBucket(dispatchTimes(database, rated), 10, 2);

                for (String queue : List.of(concurrent, rated)) {
                    long byA = dispatches(a, queue);
                    long byB = dispatches(b, queue);
                    assertEquals(perQueue, byA + byB, queue);
                    assertTrue(byA > 0 && byB > 0, queue + ": instance A sent " + byA + ", B " + byB);
                }
            }
        } finally {
            PackagedApp.dropDatabase(database);
        }
    }

    private static long succeeded(String database, String queue) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
                var s = c.prepareStatement("SELECT count(*) FROM task WHERE queue_name = ? AND state = 'SUCCEEDED'")) {
            s.setString(1, queue);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<Instant> dispatchTimes(String database, String queue) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
                var s = c.prepareStatement("SELECT first_attempt_dispatch_time FROM task WHERE queue_name = ?")) {
            s.setString(1, queue);
            var out = new ArrayList<Instant>();
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, java.time.OffsetDateTime.class).toInstant());
                }
            }
            return out;
        }
    }

    /** The instance's own count of attempts it started for the queue, from its Prometheus scrape. */
    private static long dispatches(PackagedApp instance, String queue) throws Exception {
        String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(instance.url() + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("baton_taskqueue_dispatches_total\\{queue=\"" + Pattern.quote(queue)
                + "\"} ([0-9.]+)").matcher(scrape);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private static void post(String url, String json) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError(url + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
