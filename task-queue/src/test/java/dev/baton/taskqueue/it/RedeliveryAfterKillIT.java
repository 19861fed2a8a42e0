package dev.baton.taskqueue.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.platform.testing.PackagedApp;
import dev.baton.taskqueue.support.TestTarget;
import dev.baton.taskqueue.support.TestTarget.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the packaged service while every task is in flight at a target that holds the requests open; a new
 * instance on the same database must deliver every task (at least once).
 */
class RedeliveryAfterKillIT {

    private static final int TASKS = 20;

    @Test
    void dispatcher_killedWhileRequestsAreOpen_redeliversEveryTaskAfterRestart() throws Exception {
        String database = "taskqueue_it_kill_" + Long.toHexString(System.nanoTime());
        // Short lease grace and poll so the test waits ~17 s (15 s minimum dispatchDeadline + grace), not minutes.
        List<String> props = List.of("-Dbaton.task-queue.dispatcher.lease-grace=1s",
                "-Dbaton.task-queue.dispatcher.poll-interval=500ms");
        var held = ConcurrentHashMap.<String>newKeySet();
        var delivered = new ConcurrentHashMap<String, Integer>();
        var reasons = new ConcurrentHashMap<String, String>();
        var release = new CountDownLatch(1);
        var phase = new java.util.concurrent.atomic.AtomicInteger(1);
        try (var target = new TestTarget()) {
            target.on("/work/", hit -> {
                String task = hit.header("X-CloudTasks-TaskName");
                if (phase.get() == 1) {
                    held.add(task);
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Reply.of(500);
                }
                delivered.merge(task, 1, Integer::sum);
                reasons.put(task, hit.header("X-CloudTasks-TaskRetryReason") + "/"
                        + hit.header("X-CloudTasks-TaskRetryCount"));
                return Reply.of(200);
            });
            var first = PackagedApp.start(database, "kill-it-first", Map.of(), props);
            String queue = "projects/kill/locations/here/queues/q";
            post(first.url() + "/v2/projects/kill/locations/here/queues", "{\"name\":\"" + queue + "\"}");
            for (int i = 0; i < TASKS; i++) {
                post(first.url() + "/v2/" + queue + "/tasks", "{\"task\":{\"name\":\"" + queue + "/tasks/t" + i
                        + "\",\"dispatchDeadline\":\"15s\",\"httpRequest\":{\"url\":\"" + target.url("/work/" + i)
                        + "\"}}}");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == TASKS);
            // Acknowledged but not yet dispatched when the process dies: a paused queue's tasks.
            String waiting = "projects/kill/locations/here/queues/waiting";
            post(first.url() + "/v2/projects/kill/locations/here/queues", "{\"name\":\"" + waiting + "\"}");
            post(first.url() + "/v2/" + waiting + ":pause", "{}");
            for (int i = 0; i < 5; i++) {
                post(first.url() + "/v2/" + waiting + "/tasks", "{\"task\":{\"name\":\"" + waiting + "/tasks/w" + i
                        + "\",\"httpRequest\":{\"url\":\"" + target.url("/later/" + i) + "\"}}}");
            }

            first.kill();
            phase.set(2);
            release.countDown();

            try (var second = PackagedApp.start(database, "kill-it-second", Map.of(), props)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> delivered.size() == TASKS);
                Set<String> expected = IntStream.range(0, TASKS).mapToObj(i -> "t" + i).collect(Collectors.toSet());
                assertEquals(expected, delivered.keySet());
                Map<String, String> states = new TreeMap<>();
                await().atMost(Duration.ofSeconds(5)).until(() -> {
                    states.clear();
                    try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database,
                            "postgres", ""); var rs = c.createStatement().executeQuery(
                                    "SELECT task_id, state, dispatch_count FROM task WHERE queue_name = '" + queue
                                            + "'")) {
                        while (rs.next()) {
                            states.put(rs.getString(1), rs.getString(2) + "/" + rs.getInt(3));
                        }
                    }
                    return states.values().stream().allMatch("SUCCEEDED/2"::equals) && states.size() == TASKS;
                });
                assertEquals(TASKS, states.size(), "every task succeeded on its second attempt: " + states);
                assertEquals(Set.of("LEASE_EXPIRED/1"), Set.copyOf(reasons.values()),
                        "redeliveries say why they are retried: " + reasons);
                post(second.url() + "/v2/" + waiting + ":resume", "{}");
                await().atMost(Duration.ofSeconds(10)).until(() -> target.hits("/later/").size() == 5);
            }
        } finally {
            PackagedApp.dropDatabase(database);
        }
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
