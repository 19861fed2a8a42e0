package dev.baton.engine.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.baton.platform.testing.PackagedApp;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the packaged engine while 200 executions sleep, call HTTP and await callbacks; a new engine on the same
 * database finishes every one of them with the right result. Completed steps are not repeated: each execution has
 * exactly one row per blocking step, and the only repeatable step (an HTTP call in flight at the kill) was repeated
 * with the same Idempotency-Key. The step history (step entries) is exactly that of an uninterrupted run.
 */
class KillRecoveryIT {

    private static final int EXECUTIONS = 200;
    private static final String WORKFLOW = """
            main:
              params: [args]
              steps:
                - create:
                    call: events.create_callback_endpoint
                    result: cb
                - work:
                    call: http.post
                    args:
                      url: ${args.target + "/work"}
                      body:
                        n: ${args.n}
                        callback: ${cb.url}
                    result: r
                - nap:
                    call: sys.sleep
                    args:
                      seconds: 1
                - wait:
                    call: events.await_callback
                    args:
                      callback: ${cb}
                      timeout: 600
                    result: req
                - nap2:
                    call: sys.sleep
                    args:
                      seconds: 0.5
                - done:
                    return:
                      n: ${args.n}
                      doubled: ${r.body.doubled}
                      approved: ${req.http_request.body.approved}
            """;

    @Test
    void engine_killedMidFlight_restartedEngineFinishesEveryExecutionWithoutRepeatingCompletedSteps()
            throws Exception {
        String database = "workflows_it_kill_" + Long.toHexString(System.nanoTime());
        Path dir = Files.createTempDirectory("wf-kill");
        Files.writeString(dir.resolve("killit.workflows.yaml"), WORKFLOW);
        Map<String, String> env = Map.of("BATON_CALLBACK_TOKEN", "it-token");
        List<String> props = List.of("-Dbaton.engine.runner.lease=4s", "-Dbaton.engine.runner.poll-interval=500ms",
                "-Dbaton.events.exchange=test.workflows.it." + database);
        var keys = ConcurrentHashMap.<String>newKeySet();
        var hits = new AtomicInteger();
        var engineUrl = new AtomicReference<String>();
        var http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        var delivered = ConcurrentHashMap.<String>newKeySet();
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        target.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        target.createContext("/work", x -> {
            try (x) {
                JsonObject body = new JsonObject(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                keys.add(x.getRequestHeaders().getFirst("Idempotency-Key"));
                hits.incrementAndGet();
                Thread.sleep(150);
                String callback = body.getString("callback");
                Thread.startVirtualThread(() -> deliver(http, engineUrl, callback, delivered));
                byte[] out = new JsonObject().put("doubled", body.getInteger("n") * 2).encode()
                        .getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().set("Content-Type", "application/json");
                x.sendResponseHeaders(200, out.length);
                x.getResponseBody().write(out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        target.start();
        String targetUrl = "http://127.0.0.1:" + target.getAddress().getPort();
        try {
            var first = PackagedEngine.start(database, dir, "kill-it-first", env, props);
            engineUrl.set(first.url());
            for (int i = 0; i < EXECUTIONS; i++) {
                String argument = new JsonObject().put("target", targetUrl).put("n", i).encode();
                var resp = http.send(HttpRequest.newBuilder(URI.create(first.url()
                        + "/v1/projects/it/locations/here/workflows/killit/executions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("argument", argument).encode()))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, resp.statusCode(), resp.body());
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> keys.size() >= EXECUTIONS / 2);
            first.kill();
            int hitsAtKill = hits.get();
            try (var second = PackagedEngine.start(database, dir, "kill-it-second", env, props)) {
                engineUrl.set(second.url());
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                        count(database, "SELECT count(*) FROM execution WHERE state = 'SUCCEEDED'") == EXECUTIONS);
                try (var c = PackagedApp.connect(database); var rs = c.createStatement().executeQuery(
                        "SELECT id, argument, result FROM execution")) {
                    while (rs.next()) {
                        int n = new JsonObject(rs.getString("argument")).getInteger("n");
                        assertEquals(new JsonObject().put("n", n).put("doubled", 2 * n).put("approved", true),
                                new JsonObject(rs.getString("result")));
                    }
                }
                // One row per blocking step, all applied: nothing completed was run again.
                assertEquals(EXECUTIONS * 4L, count(database, "SELECT count(*) FROM pending_call"));
                assertEquals(EXECUTIONS * 4L, count(database,
                        "SELECT count(*) FROM pending_call WHERE state = 'CONSUMED'"));
                assertEquals(EXECUTIONS, keys.size());
                Set<String> expected = new java.util.HashSet<>();
                try (var c = PackagedApp.connect(database); var rs = c.createStatement().executeQuery(
                        "SELECT id FROM execution")) {
                    while (rs.next()) {
                        expected.add(rs.getString("id") + ":main/work/0");
                    }
                }
                assertEquals(expected, keys);
                long repeated = count(database, "SELECT count(*) FROM pending_call WHERE attempts > 1");
                assertEquals(hits.get() - EXECUTIONS, repeated,
                        "every repeated HTTP call is recorded as a further attempt of its step");
                assertTrue(hits.get() - EXECUTIONS <= hitsAtKill, "only calls in flight at the kill are repeated");

                // The history survived the kill exactly: every execution's step entries (ids, order, parents,
                // types, states, calls) equal those of an execution that ran without interruption on one engine.
                String control = new JsonObject().put("target", targetUrl).put("n", EXECUTIONS).encode();
                var created = http.send(HttpRequest.newBuilder(URI.create(second.url()
                        + "/v1/projects/it/locations/here/workflows/killit/executions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("argument", control).encode()))
                        .build(), HttpResponse.BodyHandlers.ofString());
                String controlId = new JsonObject(created.body()).getString("name").replaceFirst(".*/", "");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> count(database,
                        "SELECT count(*) FROM execution WHERE state = 'SUCCEEDED'") == EXECUTIONS + 1);
                Map<String, List<String>> history = entries(database);
                List<String> uninterrupted = history.remove(controlId);
                assertEquals(List.of("1 0 main main/create STEP_STD_LIB_CALL SUCCEEDED null",
                        "2 0 main main/work STEP_STD_LIB_CALL SUCCEEDED main/work/0",
                        "3 0 main main/nap STEP_STD_LIB_CALL SUCCEEDED main/nap/1",
                        "4 0 main main/wait STEP_STD_LIB_CALL SUCCEEDED main/wait/2",
                        "5 0 main main/nap2 STEP_STD_LIB_CALL SUCCEEDED main/nap2/3",
                        "6 0 main main/done STEP_RETURN SUCCEEDED null"), uninterrupted);
                assertEquals(EXECUTIONS, history.size());
                history.forEach((id, entries) -> assertEquals(uninterrupted, entries, "history of " + id));
            }
        } finally {
            target.stop(0);
            PackagedApp.dropDatabase(database);
        }
    }

    /** Posts a callback to whichever engine is alive, until it is taken. */
    private static void deliver(HttpClient http, AtomicReference<String> engineUrl, String callbackUrl,
            Set<String> delivered) {
        String path = callbackUrl.replaceFirst("^http://[^/]+", "");
        for (int i = 0; i < 600; i++) {
            try {
                Thread.sleep(100 + (long) (Math.random() * 400));
                var resp = http.send(HttpRequest.newBuilder(URI.create(engineUrl.get() + path))
                        .header("Authorization", "Bearer it-token").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"approved\":true}")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (resp.statusCode() == 200 || resp.statusCode() == 429) {
                    delivered.add(path);
                    return;
                }
            } catch (java.io.IOException e) {
                // the engine is down: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Each execution's step entries in entry order, without their times. */
    static Map<String, List<String>> entries(String database) throws Exception {
        Map<String, List<String>> out = new java.util.HashMap<>();
        try (var c = PackagedApp.connect(database); var rs = c.createStatement().executeQuery("""
                SELECT execution_id, entry_id, coalesce(parent_id, 0) AS parent, thread, routine, step, step_type,
                    state, call_id FROM step_entry ORDER BY execution_id, entry_id""")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString("execution_id"), k -> new java.util.ArrayList<>()).add(
                        rs.getLong("entry_id") + " " + rs.getLong("parent") + " " + rs.getString("thread") + " "
                                + rs.getString("routine") + "/" + rs.getString("step") + " "
                                + rs.getString("step_type") + " " + rs.getString("state") + " "
                                + rs.getString("call_id"));
            }
        }
        return out;
    }

    static long count(String database, String sql) throws Exception {
        try (var c = PackagedApp.connect(database); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
