package dev.baton.engine.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A STAND-IN for Baton's task queue, for unit-level tests of tasks.call / tasks.create: it accepts CreateTask and
 * PatchQueue (Cloud Tasks v2 REST), dispatches each task once to its URL, and POSTs a completion report signed with
 * its own RS256 key (served at /.well-known/jwks.json) like the real one. It does not retry, rate-limit or persist:
 * the real task queue's behaviour is exercised against its packaged jar in {@code TasksRealQueueIT}.
 */
public class TaskQueueStandIn implements QuarkusTestResourceLifecycleManager {

    /** The one server of this JVM. */
    public static volatile TaskQueueStandIn current;
    /** Where the engine under test really listens (tests set it: the engine's own URL config has no test port). */
    public static volatile String engineBase;

    private HttpServer server;
    private KeyPair keys;
    private final HttpClient http = HttpClient.newHttpClient();
    public final List<JsonObject> tasks = new CopyOnWriteArrayList<>();
    public final Map<String, JsonObject> queues = new ConcurrentHashMap<>();
    public final List<JsonObject> reports = new CopyOnWriteArrayList<>();
    /** Task names DeleteTask was called for. */
    public final List<String> deleted = new CopyOnWriteArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            keys = g.generateKeyPair();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", this::handle);
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        current = this;
        return Map.of("baton.engine.tasks.url", url(), "baton.engine.tasks.issuer", url(),
                "baton.engine.tasks.oidc-service-account", "workflow-engine@baton.test");
    }

    @Override
    public void stop() {
        server.stop(0);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.equals("/.well-known/jwks.json")) {
                RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
                JsonObject jwk = new JsonObject().put("kty", "RSA").put("kid", "stand-in").put("alg", "RS256")
                        .put("n", b64(unsigned(pub.getModulus().toByteArray())))
                        .put("e", b64(unsigned(pub.getPublicExponent().toByteArray())));
                reply(x, 200, new JsonObject().put("keys", new JsonArray().add(jwk)).encode());
            } else if (x.getRequestMethod().equals("DELETE") && path.contains("/tasks/")) {
                deleted.add(path.substring("/v2/".length()));
                reply(x, 200, "{}");
            } else if (x.getRequestMethod().equals("PATCH") && path.contains("/queues/")) {
                JsonObject q = new JsonObject(body);
                queues.put(path.substring("/v2/".length()), q);
                reply(x, 200, q.encode());
            } else if (x.getRequestMethod().equals("POST") && path.endsWith("/tasks")) {
                JsonObject task = new JsonObject(body).getJsonObject("task");
                boolean dup = tasks.stream().anyMatch(t -> t.getString("name").equals(task.getString("name")));
                if (dup) {
                    reply(x, 409, "{\"error\":{\"code\":409,\"message\":\"exists\",\"status\":\"ALREADY_EXISTS\"}}");
                    return;
                }
                tasks.add(task);
                reply(x, 200, task.encode());
                Thread.startVirtualThread(() -> dispatch(task));
            } else {
                reply(x, 404, "{}");
            }
        }
    }

    private void dispatch(JsonObject task) {
        try {
            JsonObject req = task.getJsonObject("httpRequest");
            var builder = HttpRequest.newBuilder(URI.create(req.getString("url")));
            req.getJsonObject("headers", new JsonObject()).forEach(h -> builder.header(h.getKey(),
                    String.valueOf(h.getValue())));
            builder.header("X-CloudTasks-TaskName", task.getString("name").substring(task.getString("name")
                    .lastIndexOf('/') + 1));
            byte[] payload = req.getString("body") == null ? new byte[0] : Base64.getDecoder().decode(req.getString("body"));
            builder.method(req.getString("httpMethod", "POST"), HttpRequest.BodyPublishers.ofByteArray(payload));
            HttpResponse<byte[]> resp = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonObject report = task.getJsonObject("completionReport");
            if (report == null) {
                return;
            }
            int status = resp.statusCode();
            JsonObject body = new JsonObject().put("reportId", String.valueOf(reports.size() + 1))
                    .put("task", task.getString("name")).put("outcome", status / 100 == 2 ? "SUCCEEDED" : "FAILED")
                    .put("attempts", 1).put("responseCount", 1).put("completeTime", Instant.now().toString())
                    .put("lastResponse", new JsonObject().put("status", status)
                            .put("body", Base64.getEncoder().encodeToString(resp.body())).put("bodyTruncated", false));
            reports.add(body);
            deliver(report.getString("url"), body);
        } catch (Exception e) {
            System.err.println("stand-in dispatch failed: " + e);
        }
    }

    /** POSTs a completion report to the engine with a signed token whose audience is the report URL. */
    public void deliver(String reportUrl, JsonObject body) throws Exception {
        String target = reportUrl.replaceFirst("^http://[^/]+", engineBase);
        http.send(HttpRequest.newBuilder(URI.create(target)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token(reportUrl))
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** A token like the task queue's: RS256, iss = this server, aud = {@code audience}, 5 minutes. */
    public String token(String audience) throws Exception {
        String header = b64(new JsonObject().put("alg", "RS256").put("kid", "stand-in").put("typ", "JWT").encode()
                .getBytes(StandardCharsets.UTF_8));
        long now = Instant.now().getEpochSecond();
        String claims = b64(new JsonObject().put("iss", url()).put("aud", audience).put("sub", "task-queue")
                .put("iat", now).put("exp", now + 300).encode().getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(keys.getPrivate());
        s.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64(s.sign());
    }

    private static byte[] unsigned(byte[] b) {
        return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, out.length);
        x.getResponseBody().write(out);
    }
}
