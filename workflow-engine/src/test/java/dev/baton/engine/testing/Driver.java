package dev.baton.engine.testing;

import dev.baton.engine.expression.Bytes;
import dev.baton.engine.expression.Values;
import dev.baton.engine.runtime.ExecutionState;
import dev.baton.engine.runtime.Interpreter;
import dev.baton.engine.runtime.Outcome;
import dev.baton.engine.runtime.PendingCall;
import dev.baton.engine.runtime.RunResult;
import dev.baton.engine.stdlib.Stdlib;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays the durable engine in tests: performs each suspended request for real (HTTP against the
 * {@link StubServer}, tokens from its issuer, sleeps recorded and skipped, callbacks from a script,
 * connectors echoed) and resumes. In round-trip mode every suspension goes through JSON and outcomes are
 * delivered one at a time, as the durable engine would after a restart.
 */
public final class Driver {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** How an execution ended and what it asked for on the way. */
    public record Run(boolean succeeded, Object value, List<Object> sleeps, List<PendingCall> calls, int maxPending) {
    }

    private final StubServer stub;
    private final List<Object> callbacks;

    public Driver(StubServer stub, List<Object> callbacks) {
        this.stub = stub;
        this.callbacks = new ArrayList<>(callbacks);
    }

    /** Runs to the end. */
    public Run run(Interpreter interpreter, Object argument, boolean roundTrip) {
        List<Object> sleeps = new ArrayList<>();
        List<PendingCall> calls = new ArrayList<>();
        RunResult r = interpreter.start(argument);
        int maxPending = 0;
        for (int rounds = 0; r instanceof RunResult.Suspended s; rounds++) {
            maxPending = Math.max(maxPending, s.pending().size());
            if (rounds > 100_000) {
                throw new AssertionError("execution never finished");
            }
            if (roundTrip) {
                String json = s.state().toJson();
                ExecutionState restored = interpreter.restore(json);
                if (!restored.toJson().equals(json)) {
                    throw new AssertionError("state does not round-trip:\n" + json + "\n" + restored.toJson());
                }
                PendingCall first = s.pending().getFirst();
                calls.add(first);
                r = interpreter.resume(restored, List.of(perform(first, sleeps)));
            } else {
                List<Outcome> outcomes = new ArrayList<>();
                for (PendingCall p : s.pending()) {
                    calls.add(p);
                    outcomes.add(perform(p, sleeps));
                }
                r = interpreter.resume(s.state(), outcomes);
            }
        }
        return switch (r) {
            case RunResult.Succeeded ok -> new Run(true, ok.value(), sleeps, calls, maxPending);
            case RunResult.Failed f -> new Run(false, f.error(), sleeps, calls, maxPending);
            case RunResult.Suspended s -> throw new IllegalStateException();
        };
    }

    private Outcome perform(PendingCall p, List<Object> sleeps) {
        return switch (p.function()) {
            case "sys.sleep" -> {
                sleeps.add(p.args().get("seconds"));
                yield Outcome.value(p.id(), null);
            }
            case "events.await_callback" -> callbacks.isEmpty()
                    ? Outcome.failure(p.id(), "TimeoutError", "timed out waiting for a callback")
                    : Outcome.value(p.id(), callbacks.removeFirst());
            case "http.request" -> http(p);
            default -> {
                Map<String, Object> echo = new LinkedHashMap<>();
                echo.put("function", p.function());
                echo.put("args", p.args());
                yield Outcome.value(p.id(), echo);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private Outcome http(PendingCall p) {
        Map<String, Object> a = p.args();
        URI original = URI.create((String) a.get("url"));
        // Hosts under .invalid stand for the transport failures the engine maps to Workflows error tags.
        switch (String.valueOf(original.getHost())) {
            case "unreachable.invalid" -> {
                return Outcome.failure(p.id(), "ConnectionFailedError", "connection refused");
            }
            case "reset.invalid" -> {
                return Outcome.failure(p.id(), "ConnectionError", "connection reset during transfer");
            }
            case "slow.invalid" -> {
                return Outcome.failure(p.id(), "TimeoutError", "request timed out");
            }
            case "noauth.invalid" -> {
                return Outcome.failure(p.id(), "AuthError", "could not obtain a token");
            }
            case "badresponse.invalid" -> {
                return Outcome.failure(p.id(), "ResponseTypeError", "response of an unexpected type");
            }
            case "system.invalid" -> {
                return Outcome.failure(p.id(), "SystemError", "the engine failed to perform the call");
            }
            default -> {
            }
        }
        StringBuilder url = new StringBuilder(stub.base()).append('/').append(original.getHost())
                .append(original.getRawPath() == null || original.getRawPath().isEmpty() ? "/" : original.getRawPath());
        List<String> query = new ArrayList<>();
        if (original.getRawQuery() != null) {
            query.add(original.getRawQuery());
        }
        if (a.get("query") instanceof Map<?, ?> q) {
            for (Map.Entry<?, ?> e : q.entrySet()) {
                List<?> values = e.getValue() instanceof List<?> l ? l : List.of(String.valueOf(
                        e.getValue() instanceof String s ? s : Values.toText(e.getValue())));
                for (Object v : values) {
                    query.add(enc((String) e.getKey()) + "=" + enc(String.valueOf(v)));
                }
            }
        }
        if (!query.isEmpty()) {
            url.append('?').append(String.join("&", query));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.toString()))
                .timeout(Duration.ofMillis((long) (((Number) a.get("timeout")).doubleValue() * 1000)));
        Map<String, Object> headers = (Map<String, Object>) a.get("headers");
        String contentType = null;
        for (Map.Entry<String, Object> h : headers.entrySet()) {
            b.header(h.getKey(), Values.toText(h.getValue()));
            if (h.getKey().equalsIgnoreCase("Content-Type")) {
                contentType = Values.toText(h.getValue());
            }
        }
        Object body = a.get("body");
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
        if (body instanceof Bytes bytes) {
            publisher = HttpRequest.BodyPublishers.ofByteArray(bytes.data());
        } else if (body instanceof String s && contentType != null && !contentType.contains("json")) {
            publisher = HttpRequest.BodyPublishers.ofString(s);
        } else if (body != null) {
            publisher = HttpRequest.BodyPublishers.ofByteArray(Stdlib.Json.encode(body, false));
            if (contentType == null) {
                b.header("Content-Type", "application/json");
            }
        }
        b.method((String) a.get("method"), publisher);
        try {
            if (a.get("auth") != null) {
                HttpResponse<String> t = HTTP.send(HttpRequest.newBuilder(URI.create(stub.base() + "/_token"))
                        .POST(HttpRequest.BodyPublishers.ofString("audience=" + enc(original.toString()))).build(),
                        HttpResponse.BodyHandlers.ofString());
                Map<String, Object> token = (Map<String, Object>) Stdlib.Json.decode(t.body());
                b.header("Authorization", "Bearer " + token.get("access_token"));
            }
            HttpResponse<byte[]> resp = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, Object> h = new LinkedHashMap<>();
            resp.headers().firstValue("Content-Type").ifPresent(v -> h.put("Content-Type", v));
            return Outcome.httpResponse(p.id(), resp.statusCode(), h,
                    new String(resp.body(), StandardCharsets.UTF_8));
        } catch (java.net.http.HttpTimeoutException e) {
            return Outcome.failure(p.id(), "TimeoutError", "request timed out");
        } catch (java.io.IOException e) {
            return Outcome.failure(p.id(), "ConnectionFailedError", "connection failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
