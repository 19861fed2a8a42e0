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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * tasks.call through the REAL task queue (its packaged jar, {@code ../task-queue/target/quarkus-app}, copied aside
 * and started as a process): the engine declares the saga queues, creates tasks, the queue retries them with the
 * declared retryConfig and POSTs signed completion reports, which the engine verifies against the queue's JWKS.
 */
class TasksRealQueueIT {

    private static final String WORKFLOW = """
            main:
              params: [args]
              steps:
                - command:
                    try:
                      call: tasks.call
                      args:
                        url: ${args.url}
                        queue: saga-commands
                        idempotency_key: ${args.key}
                        body:
                          paymentId: ${args.key}
                      result: r
                    except:
                      as: e
                      steps:
                        - failed:
                            return: {failedWith: '${e.code}', tags: '${e.tags}'}
                - done:
                    return: ${r.body}
            """;

    @Test
    void tasksCall_throughTheRealQueue_retriesReportsAndCallbacksReachTheWorkflow() throws Exception {
        Path queueApp = PackagedApp.siblingApp("task-queue");
        Assumptions.assumeTrue(queueApp != null,
                "the task queue is not packaged (./mvnw -pl task-queue package -DskipTests); skipping");
        String suffix = Long.toHexString(System.nanoTime());
        String queueDb = "taskqueue_it_" + suffix;
        String engineDb = "workflows_it_tasks_" + suffix;
        Path dir = Files.createTempDirectory("wf-tasks");
        Files.writeString(dir.resolve("tasksit.workflows.yaml"), WORKFLOW);

        var attempts = new ConcurrentHashMap<String, AtomicInteger>();
        var keys = new CopyOnWriteArrayList<String>();
        var callbacks = new CopyOnWriteArrayList<String>();
        HttpServer service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        service.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        service.createContext("/", x -> {
            try (x) {
                String path = x.getRequestURI().getPath();
                x.getRequestBody().readAllBytes();
                keys.add(path + " " + x.getRequestHeaders().getFirst("Idempotency-Key"));
                int n = attempts.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
                int status;
                String body;
                switch (path) {
                    case "/flaky" -> {
                        status = n < 3 ? 503 : 200;
                        body = "{\"verdict\":\"APPROVE\",\"attempt\":" + n + "}";
                    }
                    case "/later" -> {
                        status = 202;
                        body = "{}";
                        callbacks.add(x.getRequestHeaders().getFirst("X-Baton-Callback-Url"));
                    }
                    default -> {
                        status = 422;
                        body = "{\"title\":\"never\"}";
                    }
                }
                byte[] out = body.getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().set("Content-Type", "application/json");
                x.sendResponseHeaders(status, out.length);
                x.getResponseBody().write(out);
            }
        });
        service.start();
        String serviceUrl = "http://127.0.0.1:" + service.getAddress().getPort();
        int queuePort = PackagedApp.freePort();
        String queueUrl = "http://127.0.0.1:" + queuePort;
        var http = HttpClient.newHttpClient();
        try (var queue = PackagedApp.start(queueApp, queuePort, queueDb, "tasks-it-queue",
                Map.of("TASK_QUEUE_ISSUER", queueUrl), List.of())) {
            var env = Map.of("BATON_TASK_QUEUE_URL", queueUrl, "TASK_QUEUE_ISSUER", queueUrl,
                    "BATON_CALLBACK_TOKEN", "it-token");
            try (var engine = PackagedEngine.start(engineDb, dir, "tasks-it-engine", env,
                    List.of("-Dbaton.events.exchange=test.workflows.it." + engineDb))) {
                String flaky = start(http, engine, serviceUrl + "/flaky", "k-flaky-" + suffix);
                String never = start(http, engine, serviceUrl + "/never", "k-never-" + suffix);
                String later = start(http, engine, serviceUrl + "/later", "k-later-" + suffix);

                JsonObject flakyDone = awaitFinal(http, engine, flaky);
                assertEquals("SUCCEEDED", flakyDone.getString("state"), flakyDone.encode());
                assertEquals(new JsonObject().put("verdict", "APPROVE").put("attempt", 3),
                        new JsonObject(flakyDone.getString("result")));
                assertEquals(List.of("/flaky k-flaky-" + suffix, "/flaky k-flaky-" + suffix,
                        "/flaky k-flaky-" + suffix), keys.stream().filter(k -> k.startsWith("/flaky")).toList());

                JsonObject neverDone = awaitFinal(http, engine, never);
                assertEquals(new JsonObject("{\"failedWith\":422,\"tags\":[\"HttpError\"]}"),
                        new JsonObject(neverDone.getString("result")));
                assertEquals(5, attempts.get("/never").get(), "saga-commands allows 5 attempts");

                await().atMost(Duration.ofSeconds(20)).until(() -> !callbacks.isEmpty());
                // The 202 answer's completion report does not complete the step: it stays waiting.
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() ->
                        get(http, engine, later).getString("state").equals("ACTIVE"));
                String path = callbacks.getFirst().replaceFirst("^http://[^/]+", "");
                var cb = http.send(HttpRequest.newBuilder(URI.create(engine.url() + path))
                        .header("Authorization", "Bearer it-token").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"verdict\":\"LATE\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, cb.statusCode(), cb.body());
                JsonObject laterDone = awaitFinal(http, engine, later);
                assertEquals(new JsonObject().put("verdict", "LATE"), new JsonObject(laterDone.getString("result")));
            }
        } finally {
            service.stop(0);
            PackagedApp.dropDatabase(engineDb);
            PackagedApp.dropDatabase(queueDb);
        }
    }

    private static String start(HttpClient http, PackagedApp engine, String url, String key) throws Exception {
        String argument = new JsonObject().put("url", url).put("key", key).encode();
        var resp = http.send(HttpRequest.newBuilder(URI.create(engine.url()
                + "/v1/projects/it/locations/here/workflows/tasksit/executions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("argument", argument).encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, resp.statusCode(), resp.body());
        return new JsonObject(resp.body()).getString("name");
    }

    private static JsonObject get(HttpClient http, PackagedApp engine, String name) throws Exception {
        return new JsonObject(http.send(HttpRequest.newBuilder(URI.create(engine.url() + "/v1/" + name)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static JsonObject awaitFinal(HttpClient http, PackagedApp engine, String name) {
        JsonObject[] last = new JsonObject[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = get(http, engine, name);
            return !last[0].getString("state").equals("ACTIVE");
        });
        return last[0];
    }
}
