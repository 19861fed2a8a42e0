package dev.baton.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The system tests' view of a running Baton: plain HTTP calls to each deployable's public endpoints (the ones an
 * operator would use), JSON through Jackson. No deployable's code is on this module's class path.
 */
final class SystemApi {

    /** An HTTP answer: status and parsed JSON (a missing node for an empty body). */
    record Answer(int status, JsonNode json, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().getFirst()).orElse(null);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final RunningSystem system;

    SystemApi(RunningSystem system) {
        this.system = system;
    }

    String url(String deployable) {
        return system.url(deployable);
    }

    Answer get(String deployable, String path) {
        return send(HttpRequest.newBuilder(URI.create(url(deployable) + path))
                .header("Authorization", "Bearer " + LocalSystem.LOCAL_API_KEY).GET());
    }

    Answer post(String deployable, String path, Object body, Map<String, String> headers) {
        var b = HttpRequest.newBuilder(URI.create(url(deployable) + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + LocalSystem.LOCAL_API_KEY);
        headers.forEach(b::setHeader); // a given Authorization replaces the API key
        try {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            return send(b.POST(HttpRequest.BodyPublishers.ofString(text)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Answer delete(String deployable, String path) {
        return send(HttpRequest.newBuilder(URI.create(url(deployable) + path)).DELETE());
    }

    private Answer send(HttpRequest.Builder b) {
        try {
            var response = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
            return new Answer(response.statusCode(), json, response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET until {@code done} holds or the deadline passes; returns the last answer. */
    Answer poll(String deployable, String path, Predicate<Answer> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Answer last = get(deployable, path);
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Gave up after %s waiting on %s %s; last answer %d %s".formatted(timeout,
                        deployable, path, last.status(), last.json()));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = get(deployable, path);
        }
        return last;
    }

    /** Adds a fault rule in one deployable (it must run with {@code --faults}). */
    void fault(String deployable, String operation, String customerId, String when) {
        var answer = post(deployable, "/v1/faults", Map.of("operation", operation, "customerId", customerId,
                "status", 500, "when", when), Map.of());
        assertEquals(201, answer.status(), () -> "fault rule in " + deployable + ": " + answer.json());
    }

    /** The command log entries of one saga in one deployable ({@code GET /v1/commands?keyPrefix=}). */
    List<JsonNode> commands(String deployable, String paymentId) {
        var answer = get(deployable, "/v1/commands?limit=1000&keyPrefix=" + enc(paymentId + ":"));
        assertEquals(200, answer.status(), () -> deployable + " command log: " + answer.json());
        List<JsonNode> list = new ArrayList<>();
        answer.json().forEach(list::add);
        return list;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
