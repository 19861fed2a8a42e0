package dev.baton.checkout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Plays the workflow engine's part for checkout's tests: a small HTTP server speaking the slice of the Workflow
 * Executions v1 REST API checkout uses (create an execution, get it, and how it ended: state, result, error), with
 * scripted failures, hangs and outages.
 * It is a stand-in, not the engine: the real workflow engine is exercised by the lead's system test through the
 * local launcher. One instance per test JVM, on the port {@link CheckoutTestIsolation} chose.
 */
public final class FakeEngine {

    /** What the next create call does. */
    public sealed interface Script {
    }

    /** Answer with this status and AIP-193 error body (or, for 2xx, a normal execution). */
    public record Status(int code) implements Script {
    }

    /** Hold the call until {@link #release()} (or 20 s), then answer normally. */
    public record Hold() implements Script {
    }

    /** Hold the call until {@link #release()} (or 20 s), then answer 500 without creating anything. */
    public record Stall() implements Script {
    }

    /** A create call as received. */
    public record Created(String executionName, String workflowPath, String argumentJson, JsonNode argument) {
        /** The payment of a saga's argument, or of payment-abort's ({@code {payment, reason}}). */
        public String paymentId() {
            JsonNode payment = argument.has("payment") ? argument.path("payment") : argument;
            return payment.path("paymentId").asText();
        }

        /** True for an execution of payment-abort, which the reconciler starts. */
        public boolean isAbort() {
            return workflowPath.endsWith("/workflows/payment-abort");
        }
    }

    private static FakeEngine instance;

    private final ObjectMapper mapper = new ObjectMapper();
    private final int port;
    private HttpServer server;
    private final List<Created> created = new CopyOnWriteArrayList<>();
    private final AtomicInteger createCalls = new AtomicInteger();
    private final Deque<Script> scripts = new ConcurrentLinkedDeque<>();
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private final Map<String, List<String>> steps = new ConcurrentHashMap<>();
    private final Map<String, String> results = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    private final AtomicInteger holding = new AtomicInteger();
    private volatile int readStatus = 200;
    private volatile CountDownLatch release = new CountDownLatch(1);

    private FakeEngine(int port) {
        this.port = port;
    }

    /** The engine of this test JVM, started on first use. */
    public static synchronized FakeEngine get() {
        if (instance == null) {
            URI url = URI.create(ConfigProvider.getConfig().getValue("baton.checkout.engine.url", String.class));
            instance = new FakeEngine(url.getPort());
            instance.start();
        }
        return instance;
    }

    /** Starts (again) answering on the port. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        } catch (IOException e) {
            throw new IllegalStateException("fake engine cannot listen on " + port, e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-engine");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/", this::handle);
        server.start();
    }

    /** Stops listening: calls are refused until {@link #start()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Back to a well-behaved, running engine; what it created so far is kept (payment ids are unique per test). */
    public void reset() {
        scripts.clear();
        readStatus = 200;
        release();
        start();
    }

    /** Scripts the next create calls, in order; later ones behave normally. */
    public void next(Script... script) {
        scripts.addAll(List.of(script));
    }

    /** Makes every read answer {@code status} (200: normal). */
    public void reads(int status) {
        readStatus = status;
    }

    /** Lets held calls go on. */
    public void release() {
        release.countDown();
        release = new CountDownLatch(1);
    }

    /** Create calls being held right now. */
    public int holding() {
        return holding.get();
    }

    /** Every create call received, including failed ones. */
    public int createCalls() {
        return createCalls.get();
    }

    /** Executions created for {@code paymentId}. */
    public List<Created> createdFor(String paymentId) {
        return created.stream().filter(c -> c.paymentId().equals(paymentId)).toList();
    }

    /** Executions of payment-abort created for {@code paymentId}. */
    public List<Created> abortsFor(String paymentId) {
        return createdFor(paymentId).stream().filter(Created::isAbort).toList();
    }

    /** Sets what a read of the execution reports. */
    public void progress(String executionName, String state, String... currentSteps) {
        states.put(executionName, state);
        steps.put(executionName, List.of(currentSteps));
    }

    /**
     * Ends the execution as the engine would: {@code state} SUCCEEDED with {@code resultJson} (the workflow's return
     * value, sent as a JSON string as the Executions API does), FAILED with an error, or CANCELLED.
     */
    public void end(String executionName, String state, String resultJson) {
        states.put(executionName, state);
        steps.put(executionName, List.of());
        if (resultJson != null) {
            results.put(executionName, resultJson);
        }
    }

    /** Reads of this execution received so far (failed ones included). */
    public int readsOf(String executionName) {
        AtomicInteger n = reads.get(executionName);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST") && path.endsWith("/executions")) {
                create(exchange, path);
            } else if (exchange.getRequestMethod().equals("GET") && path.contains("/executions/")) {
                read(exchange, path.substring("/v1/".length()));
            } else {
                error(exchange, 404, "NOT_FOUND", "no route " + path);
            }
        }
    }

    private void create(HttpExchange exchange, String path) throws IOException {
        createCalls.incrementAndGet();
        Script script = scripts.poll();
        if (script instanceof Hold || script instanceof Stall) {
            holding.incrementAndGet();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                holding.decrementAndGet();
            }
            if (script instanceof Stall) {
                error(exchange, 500, "INTERNAL", "stalled and failed");
                return;
            }
        } else if (script instanceof Status(int code) && code >= 300) {
            error(exchange, code, code == 503 ? "UNAVAILABLE" : code == 404 ? "NOT_FOUND" : "INTERNAL",
                    "scripted failure");
            return;
        }
        JsonNode body = mapper.readTree(exchange.getRequestBody());
        String argumentJson = body.path("argument").asText();
        String workflow = path.substring("/v1/".length(), path.length() - "/executions".length());
        String name = workflow + "/executions/" + UUID.randomUUID();
        created.add(new Created(name, workflow, argumentJson, mapper.readTree(argumentJson)));
        states.put(name, "ACTIVE");
        steps.put(name, List.of("assess_fraud"));
        send(exchange, 200, execution(name));
    }

    private void read(HttpExchange exchange, String name) throws IOException {
        reads.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        if (readStatus != 200) {
            error(exchange, readStatus, "UNAVAILABLE", "scripted read failure");
            return;
        }
        if (!states.containsKey(name)) {
            error(exchange, 404, "NOT_FOUND", "no execution " + name);
            return;
        }
        send(exchange, 200, execution(name));
    }

    private String execution(String name) throws IOException {
        var frames = new ArrayList<Map<String, String>>();
        for (String step : steps.getOrDefault(name, List.of())) {
            frames.add(Map.of("routine", "main", "step", step));
        }
        var execution = new LinkedHashMap<String, Object>(Map.of("name", name, "state", states.get(name),
                "argument", "{}", "startTime", "2025-01-01T00:00:00Z", "status", Map.of("currentSteps", frames)));
        if (results.containsKey(name)) {
            execution.put("result", results.get(name));
        }
        if ("FAILED".equals(states.get(name))) {
            execution.put("error", Map.of("payload", "{\"message\":\"KeyError: key not found: body\"}",
                    "context", "in step \"capture\""));
        }
        return mapper.writeValueAsString(execution);
    }

    private void error(HttpExchange exchange, int code, String status, String message) throws IOException {
        send(exchange, code, mapper.writeValueAsString(Map.of("error",
                Map.of("code", code, "status", status, "message", message))));
    }

    private static void send(HttpExchange exchange, int code, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
