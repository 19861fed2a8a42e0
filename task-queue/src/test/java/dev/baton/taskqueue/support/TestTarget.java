package dev.baton.taskqueue.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A local HTTP target for tests: records every request (path, headers, body, arrival time, how many were open at
 * once) and answers with whatever the test's responder says for the path.
 */
public final class TestTarget implements AutoCloseable {

    /** One received request. */
    public record Hit(String method, String path, Map<String, String> headers, byte[] body, Instant at) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        public String bodyText() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** What to answer. */
    public record Reply(int status, String body, Map<String, String> headers) {
        public static Reply of(int status) {
            return new Reply(status, "", Map.of());
        }

        /** Close the connection without answering: the dispatcher sees a connection error. */
        public static Reply drop() {
            return new Reply(-1, "", Map.of());
        }
    }

    private final HttpServer server;
    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Hit, Reply>> responders = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();

    public TestTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers requests whose path starts with {@code prefix}; the default answer is 200. */
    public TestTarget on(String prefix, Function<Hit, Reply> responder) {
        responders.put(prefix, responder);
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Hit> hits() {
        return hits;
    }

    public List<Hit> hits(String prefix) {
        return hits.stream().filter(h -> h.path().startsWith(prefix)).toList();
    }

    /** Requests being handled right now. */
    public int openNow() {
        return open.get();
    }

    /** Most requests that were being handled at the same moment. */
    public int maxOpen() {
        return maxOpen.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = open.incrementAndGet();
        maxOpen.accumulateAndGet(now, Math::max);
        try {
            var headers = new TreeMap<String, String>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            var hit = new Hit(exchange.getRequestMethod(), path, headers, body, Instant.now());
            Reply reply = Reply.of(200);
            String best = null;
            for (String prefix : responders.keySet()) {
                if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                    best = prefix;
                }
            }
            if (best != null) {
                reply = responders.get(best).apply(hit);
            }
            hits.add(hit);
            if (reply.status() < 0) {
                // Closing the exchange before any response headers drops the connection.
                return;
            }
            byte[] out = reply.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
        } finally {
            open.decrementAndGet();
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
