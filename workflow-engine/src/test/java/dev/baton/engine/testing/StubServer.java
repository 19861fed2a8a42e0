package dev.baton.engine.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.engine.expression.Values;
import dev.baton.engine.stdlib.Stdlib;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The HTTP world of a test: a JDK server that plays every host a workflow calls (the driver sends
 * {@code https://host/path} to {@code http://127.0.0.1:port/host/path}) and a token issuer at
 * {@code /_token}. Routes answer from a queue of canned responses per {@code "METHOD host/path[?query]"};
 * a response {@code echo: true} returns what was received. Unknown routes answer 404.
 */
public final class StubServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A canned response; {@code echo} returns the request instead of {@code body}. */
    public record Response(int code, Object body, boolean echo, boolean requireAuth) {
    }

    private final HttpServer server;
    private final Map<String, List<Response>> routes = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();

    public StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Base URL, e.g. {@code http://127.0.0.1:34567}. */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Replaces all routes. */
    public void routes(Map<String, List<Response>> r) {
        routes.clear();
        r.forEach((k, v) -> routes.put(k, new ArrayList<>(v)));
        requests.clear();
    }

    /** Requests received, as {@code "METHOD host/path[?query]"}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private synchronized Response next(String key) {
        List<Response> q = routes.get(key);
        if (q == null || q.isEmpty()) {
            return null;
        }
        // The last response repeats, so a route answers any number of calls.
        return q.size() > 1 ? q.removeFirst() : q.getFirst();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            byte[] in = ex.getRequestBody().readAllBytes();
            if (path.equals("/_token")) {
                String token = "token-" + tokens.size();
                tokens.add(token);
                send(ex, 200, Map.of("access_token", token, "id_token", token, "expires_in", 3600));
                return;
            }
            String target = path.substring(1);
            String method = ex.getRequestMethod();
            String keyWithQuery = method + " " + target + (query == null ? "" : "?" + URLDecoder.decode(query,
                    StandardCharsets.UTF_8));
            requests.add(keyWithQuery);
            Response r = next(keyWithQuery);
            if (r == null) {
                r = next(method + " " + target);
            }
            if (r == null) {
                send(ex, 404, Map.of("error", "no stub for " + keyWithQuery));
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            boolean authorized = auth != null && auth.startsWith("Bearer ") && tokens.contains(auth.substring(7));
            if (r.requireAuth() && !authorized) {
                send(ex, 401, Map.of("error", "unauthenticated"));
                return;
            }
            if (r.echo()) {
                Map<String, Object> echo = new LinkedHashMap<>();
                echo.put("method", method);
                echo.put("path", target);
                Map<String, Object> q = new LinkedHashMap<>();
                if (query != null) {
                    for (String part : query.split("&")) {
                        String[] kv = part.split("=", 2);
                        q.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                                kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                    }
                }
                echo.put("query", q);
                echo.put("contentType", ex.getRequestHeaders().getFirst("Content-Type"));
                echo.put("authorized", authorized);
                String text = new String(in, StandardCharsets.UTF_8);
                Object body = text;
                if (text.isEmpty()) {
                    body = null;
                } else if (String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")).contains("json")) {
                    body = Stdlib.Json.decode(text);
                }
                echo.put("body", body);
                send(ex, r.code(), echo);
                return;
            }
            send(ex, r.code(), r.body());
        }
    }

    private static void send(HttpExchange ex, int code, Object body) throws IOException {
        byte[] out = JSON.writeValueAsBytes(Values.toJson(Values.normalize(body)));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, out.length);
        ex.getResponseBody().write(out);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
