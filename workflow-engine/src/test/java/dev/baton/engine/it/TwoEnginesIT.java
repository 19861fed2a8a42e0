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
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two packaged engines on one database split 200 executions of five HTTP steps each: both do work, and no step runs
 * twice (each step's Idempotency-Key reaches the target exactly once), so no step ever ran on both at once. Both
 * publish the one OIDC signing key stored in the database.
 */
class TwoEnginesIT {

    private static final int EXECUTIONS = 200;
    private static final int STEPS = 5;

    @Test
    void twoEngines_shareOneDatabase_splitTheWorkAndRunEveryStepOnce() throws Exception {
        String database = "workflows_it_two_" + Long.toHexString(System.nanoTime());
        Path dir = Files.createTempDirectory("wf-two");
        StringBuilder wf = new StringBuilder("main:\n  params: [args]\n  steps:\n");
        for (int s = 0; s < STEPS; s++) {
            wf.append("    - s").append(s).append(":\n        call: http.post\n        args:\n")
                    .append("          url: ${args.target + \"/step\"}\n          body:\n            n: ${args.n}\n")
                    .append("        result: r").append(s).append('\n');
        }
        wf.append("    - done:\n        return: ${r0.body.n + r4.body.n}\n");
        Files.writeString(dir.resolve("twoit.workflows.yaml"), wf.toString());
        var perKey = new ConcurrentHashMap<String, AtomicInteger>();
        var agents = ConcurrentHashMap.<String>newKeySet();
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        target.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        target.createContext("/step", x -> {
            try (x) {
                String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                perKey.computeIfAbsent(x.getRequestHeaders().getFirst("Idempotency-Key"), k -> new AtomicInteger())
                        .incrementAndGet();
                agents.add(x.getRequestHeaders().getFirst("User-Agent"));
                Thread.sleep(10);
                byte[] out = body.getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().set("Content-Type", "application/json");
                x.sendResponseHeaders(200, out.length);
                x.getResponseBody().write(out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        target.start();
        String targetUrl = "http://127.0.0.1:" + target.getAddress().getPort();
        List<String> props = List.of("-Dbaton.events.exchange=test.workflows.it." + database);
        var http = HttpClient.newHttpClient();
        try (var a = PackagedEngine.start(database, dir, "two-it-a", Map.of(), props);
                var b = PackagedEngine.start(database, dir, "two-it-b", Map.of(), props)) {
            for (int i = 0; i < EXECUTIONS; i++) {
                String base = i % 2 == 0 ? a.url() : b.url();
                String argument = new JsonObject().put("target", targetUrl).put("n", i).encode();
                var resp = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/v1/projects/it/locations/here/workflows/twoit/executions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("argument", argument).encode()))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, resp.statusCode(), resp.body());
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                    KillRecoveryIT.count(database, "SELECT count(*) FROM execution WHERE state = 'SUCCEEDED'")
                            == EXECUTIONS);
            assertEquals(EXECUTIONS * STEPS, perKey.size());
            assertTrue(perKey.values().stream().allMatch(n -> n.get() == 1), "a step ran more than once");
            assertEquals(2, agents.size(), "both engines performed steps: " + agents);
            assertEquals(EXECUTIONS * STEPS, KillRecoveryIT.count(database,
                    "SELECT count(*) FROM pending_call WHERE state = 'CONSUMED' AND attempts = 1"));
            // Both sign ID tokens with the one key the first stored, so either's JWKS verifies the other's tokens.
            String jwksA = http.send(HttpRequest.newBuilder(URI.create(a.url() + "/.well-known/jwks.json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String jwksB = http.send(HttpRequest.newBuilder(URI.create(b.url() + "/.well-known/jwks.json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertEquals(jwksA, jwksB);
            assertEquals(1, new JsonObject(jwksA).getJsonArray("keys").size());
            assertEquals(1, KillRecoveryIT.count(database, "SELECT count(*) FROM signing_key"));
        } finally {
            target.stop(0);
            PackagedApp.dropDatabase(database);
        }
    }
}
