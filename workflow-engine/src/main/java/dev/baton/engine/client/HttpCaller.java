package dev.baton.engine.client;

import dev.baton.engine.config.EngineConfig;
import dev.baton.engine.expression.Bytes;
import dev.baton.engine.expression.Values;
import dev.baton.engine.runtime.Outcome;
import dev.baton.engine.stdlib.Stdlib;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Performs {@code http.*} calls without blocking a thread (Vert.x client on the event loop): the call's timeout
 * covers connect, send and the whole response; bodies are read up to {@code baton.engine.http.max-response-bytes}.
 * Transport failures become the Workflows error tags (ConnectionFailedError, ConnectionError, TimeoutError). No
 * retry and no circuit breaker here on purpose: retries are the workflow's own (its {@code retry} policy, applied
 * durably), and every request carries an {@code Idempotency-Key} so a retry after a crash cannot apply twice.
 *
 * <p>{@code auth: {type: OIDC, audience?}} adds {@code Authorization: Bearer <ID token>} signed by this engine
 * ({@link IdTokens}). {@code auth: {type: OAuth2}} fails the call with an AuthError: this engine holds no Google
 * credentials and issues no OAuth2 access tokens. In both cases an Authorization header the workflow set itself is
 * sent as it is.
 */
@ApplicationScoped
public class HttpCaller {

    /** Names this engine instance in every call, so operators (and tests) see who performed it. */
    private final String userAgent = "baton-workflow-engine/" + java.util.UUID.randomUUID();
    private final Vertx vertx;
    private final HttpClient http;
    private final int maxBody;
    private final IdTokens idTokens;

    public HttpCaller(Vertx vertx, EngineConfig config, IdTokens idTokens) {
        this.vertx = vertx;
        this.idTokens = idTokens;
        var options = new HttpClientOptions().setConnectTimeout((int) config.http().connectTimeout().toMillis())
                .setKeepAlive(true).setMaxRedirects(0).setTryUseCompression(false);
        var pool = new PoolOptions().setHttp1MaxSize(config.http().maxConnectionsPerHost()).setMaxWaitQueueSize(-1);
        this.http = vertx.createHttpClient(options, pool);
        this.maxBody = config.http().maxResponseBytes();
    }

    /** A plain response: status, headers (first value per name) and body bytes. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
    }

    /**
     * Performs an {@code http.request} pending call's args and returns the outcome for the interpreter.
     *
     * @param idempotencyKey sent as {@code Idempotency-Key} unless the workflow set that header itself
     */
    @SuppressWarnings("unchecked")
    public Future<Outcome> perform(String callId, Map<String, Object> args, String idempotencyKey) {
        String method = String.valueOf(args.get("method"));
        String url;
        try {
            url = withQuery((String) args.get("url"), args.get("query"));
            URI.create(url);
        } catch (RuntimeException e) {
            return Future.succeededFuture(Outcome.failure(callId, "ValueError", "invalid URL: " + args.get("url")));
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        Map<String, Object> given = args.get("headers") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        given.forEach((k, v) -> headers.add(k, v instanceof String s ? s : Values.toText(v)));
        if (!headers.contains("Idempotency-Key")) {
            headers.add("Idempotency-Key", idempotencyKey);
        }
        if (!headers.contains("User-Agent")) {
            headers.add("User-Agent", userAgent);
        }
        if (args.get("auth") instanceof Map<?, ?> auth && !headers.contains("Authorization")) {
            if ("OAuth2".equals(auth.get("type"))) {
                return Future.succeededFuture(Outcome.failure(callId, "AuthError", "auth type OAuth2 is not"
                        + " supported: this engine issues no OAuth2 access tokens; use type OIDC (an ID token signed"
                        + " by the engine) or set an Authorization header"));
            }
            String audience = auth.get("audience") instanceof String a && !a.isEmpty() ? a
                    : withoutQuery((String) args.get("url"));
            headers.add("Authorization", "Bearer " + idTokens.token(audience, java.time.Instant.now()));
        }
        Object body = args.get("body");
        Buffer payload = null;
        String contentType = headers.get("Content-Type");
        if (body instanceof Bytes b) {
            payload = Buffer.buffer(b.data());
        } else if (body instanceof String s && contentType != null && !contentType.toLowerCase(Locale.ROOT)
                .contains("json")) {
            payload = Buffer.buffer(s);
        } else if (body != null) {
            payload = Buffer.buffer(Stdlib.Json.encode(body, false));
            if (contentType == null) {
                headers.add("Content-Type", "application/json");
            }
        }
        double seconds = args.get("timeout") instanceof Number n ? n.doubleValue() : 300;
        long timeoutMs = Math.max(1, (long) (seconds * 1000));
        return send(method, url, headers, payload, timeoutMs).map(r -> {
            Map<String, Object> h = new LinkedHashMap<>(r.headers());
            String type = r.headers().getOrDefault("Content-Type", "").toLowerCase(Locale.ROOT);
            Object responseBody = type.contains("json") || type.startsWith("text/") || r.body().length == 0
                    ? new String(r.body(), StandardCharsets.UTF_8) : new Bytes(r.body());
            return Outcome.httpResponse(callId, r.status(), h, responseBody);
        }).recover(e -> Future.succeededFuture(failure(callId, e)));
    }

    /** Sends one request; fails with the transport error. */
    public Future<Response> send(String method, String url, MultiMap headers, Buffer body, long timeoutMs) {
        Promise<Response> done = Promise.promise();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setAbsoluteURI(url)
                .setHeaders(headers);
        var inFlight = new java.util.concurrent.atomic.AtomicReference<io.vertx.core.http.HttpClientRequest>();
        long timer = vertx.setTimer(timeoutMs, t -> {
            if (done.tryFail(new TimeoutException("deadline of " + timeoutMs + " ms passed"))) {
                var req = inFlight.get();
                if (req != null) {
                    req.reset();
                }
            }
        });
        done.future().onComplete(ar -> vertx.cancelTimer(timer));
        http.request(options).compose(req -> {
            inFlight.set(req);
            return body == null ? req.send() : req.send(body);
        }).compose(resp -> {
            Map<String, String> h = new LinkedHashMap<>();
            resp.headers().forEach(e -> h.putIfAbsent(canonical(e.getKey()), e.getValue()));
            Promise<Buffer> all = Promise.promise();
            Buffer acc = Buffer.buffer();
            resp.handler(chunk -> {
                if (acc.length() + chunk.length() > maxBody) {
                    resp.request().reset();
                    all.tryFail(new TooLarge());
                } else {
                    acc.appendBuffer(chunk);
                }
            });
            resp.exceptionHandler(all::tryFail);
            resp.endHandler(v -> all.tryComplete(acc));
            return all.future().map(b -> new Response(resp.statusCode(), h, b.getBytes()));
        }).onComplete(ar -> {
            if (ar.succeeded()) {
                done.tryComplete(ar.result());
            } else {
                done.tryFail(ar.cause());
            }
        });
        return done.future();
    }

    private static String canonical(String name) {
        return name.equalsIgnoreCase("content-type") ? "Content-Type" : name;
    }

    private static Outcome failure(String callId, Throwable e) {
        if (e instanceof TooLarge) {
            return Outcome.failure(callId, "ResourceLimitError", "response larger than the engine's limit");
        }
        String text = String.valueOf(e.getMessage());
        if (e instanceof ConnectException || e.getClass().getSimpleName().contains("Connect")
                || text.contains("Connection refused")) {
            return Outcome.failure(callId, "ConnectionFailedError", "connection failed: " + text);
        }
        if (e instanceof TimeoutException || text.contains("timeout") || text.contains("Timeout")) {
            return Outcome.failure(callId, "TimeoutError", "request timed out");
        }
        return Outcome.failure(callId, "ConnectionError", "connection error: " + text);
    }

    @SuppressWarnings("unchecked")
    private static String withQuery(String url, Object query) {
        if (!(query instanceof Map<?, ?> q) || q.isEmpty()) {
            return url;
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) q).entrySet()) {
            List<?> values = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
            for (Object v : values) {
                parts.add(enc(e.getKey()) + "=" + enc(v instanceof String s ? s : Values.toText(v)));
            }
        }
        return url + (url.contains("?") ? "&" : "?") + String.join("&", parts);
    }

    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        int f = url.indexOf('#');
        int end = q >= 0 ? q : f >= 0 ? f : url.length();
        return url.substring(0, end);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /** The response exceeded the configured limit. */
    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("response too large", null, false, false);
        }
    }
}
