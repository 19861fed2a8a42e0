package dev.baton.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.engine.expression.Values;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads expectation files (YAML): for each case the argument, environment, stub routes, callbacks and the
 * expected result or error.
 */
public final class Cases {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One expectation. {@code expected} is the result or, when {@code fails}, the error value. */
    public record Case(String name, String workflow, Object argument, Map<String, String> env,
                       Map<String, List<StubServer.Response>> routes, List<Object> callbacks, boolean fails,
                       Object expected, List<Object> sleeps, List<String> requests, int maxPending) {
    }

    private Cases() {
    }

    /** Equality that also compares number types (3 is not 3.0), unlike the language's {@code ==}. */
    public static boolean strictEqual(Object a, Object b) {
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!strictEqual(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Object k : x.keySet()) {
                if (!strictEqual(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return java.util.Objects.equals(a, b);
    }

    public static JsonNode read(InputStream in) throws IOException {
        return YAML.readTree(in);
    }

    public static JsonNode read(String text) throws IOException {
        return YAML.readTree(text);
    }

    /** Reads one case from its node; {@code workflow} may be absent (conformance cases read the sample). */
    @SuppressWarnings("unchecked")
    public static Case of(String name, JsonNode n) {
        Map<String, String> env = new LinkedHashMap<>();
        n.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        Map<String, List<StubServer.Response>> routes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("stubs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<StubServer.Response> rs = new ArrayList<>();
            JsonNode list = e.getValue().isArray() ? e.getValue() : YAML.createArrayNode().add(e.getValue());
            for (JsonNode r : list) {
                rs.add(new StubServer.Response(r.path("code").asInt(200), Values.fromPlainJson(r.get("body")),
                        r.path("echo").asBoolean(false), r.path("auth").asBoolean(false)));
            }
            routes.put(e.getKey(), rs);
        }
        List<Object> callbacks = n.has("callbacks") ? (List<Object>) Values.fromPlainJson(n.get("callbacks")) : List.of();
        boolean fails = n.has("error");
        Object expected = Values.fromPlainJson(fails ? n.get("error") : n.get("result"));
        List<Object> sleeps = n.has("sleeps") ? (List<Object>) Values.fromPlainJson(n.get("sleeps")) : null;
        List<String> requests = null;
        if (n.has("requests")) {
            requests = new ArrayList<>();
            for (JsonNode r : n.get("requests")) {
                requests.add(r.asText());
            }
        }
        return new Case(name, n.hasNonNull("workflow") ? n.get("workflow").asText() : null,
                Values.fromPlainJson(n.get("argument")), env, routes, callbacks, fails, expected, sleeps, requests,
                n.path("maxPending").asInt(0));
    }
}
