package dev.baton.engine.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local HTTP server the workflows under test call: it records every request and answers what the test's handler
 * for the longest matching path prefix says (default 200 {"ok":true}).
 */
public final class Target implements AutoCloseable {

    /** A request as received. */
    public record Request(String method, String path, String query, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** An answer. */
    public record Answer(int status, String body) {
        public static Answer json(int status, String body) {
            return new Answer(status, body);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Request, Answer>> handlers = new ConcurrentHashMap<>();

    public Target() throws IOException {
        this(0);
    }

    /** A server on {@code port} (0: any free port). */
    public Target(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public Target on(String prefix, Function<Request, Answer> handler) {
        handlers.put(prefix, handler);
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Request> requests(String prefix) {
        return requests.stream().filter(r -> r.path().startsWith(prefix)).toList();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            Map<String, String> headers = new TreeMap<>();
            x.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.getFirst()));
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var request = new Request(x.getRequestMethod(), x.getRequestURI().getPath(),
                    x.getRequestURI().getRawQuery(), headers, body);
            requests.add(request);
            String best = null;
            for (String prefix : handlers.keySet()) {
                if (request.path().startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                    best = prefix;
                }
            }
            Answer answer = best == null ? new Answer(200, "{\"ok\":true}") : handlers.get(best).apply(request);
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                x.getResponseBody().write(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
