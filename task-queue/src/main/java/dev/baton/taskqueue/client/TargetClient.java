package dev.baton.taskqueue.client;

import dev.baton.taskqueue.config.TaskQueueConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Non-blocking HTTP calls to task targets and report receivers, on the Vert.x event loop: no thread waits for a
 * response, so thousands of attempts can be in flight. Each call has a hard deadline covering connect, send and
 * the whole response; when it passes the request is reset. Response bodies are read up to a bound and the rest is
 * discarded, so a large answer cannot exhaust memory.
 *
 * <p>There is no retry or circuit breaker here on purpose: retries are the queue's retryConfig, applied durably by
 * the dispatcher, and a breaker would fail attempts the queue is supposed to make.
 */
@ApplicationScoped
public class TargetClient {

    private final Vertx vertx;
    private final HttpClient http;

    public TargetClient(Vertx vertx, TaskQueueConfig config) {
        this.vertx = vertx;
        var options = new HttpClientOptions()
                .setConnectTimeout((int) config.dispatcher().connectTimeout().toMillis())
                .setKeepAlive(true)
                .setTryUseCompression(false)
                .setMaxRedirects(0)
                .setTrustAll(false);
        var pool = new PoolOptions().setHttp1MaxSize(config.dispatcher().maxInFlight() + config.reports().maxInFlight())
                .setMaxWaitQueueSize(-1);
        this.http = vertx.createHttpClient(options, pool);
    }

    /**
     * The answer of a target.
     *
     * @param status HTTP status
     * @param retryAfter the Retry-After header, or null
     * @param body the first bytes of the body, bounded by the caller's limit
     */
    public record Response(int status, String retryAfter, byte[] body) {
    }

    /** The call did not produce a response within its deadline. */
    public static final class DeadlineExceeded extends RuntimeException {
        public DeadlineExceeded(Duration deadline) {
            super("no response within the dispatch deadline of " + deadline.toMillis() + " ms", null, false, false);
        }
    }

    /**
     * Sends one request. The returned future completes on the caller's Vert.x context with the response or fails
     * with a connection error or {@link DeadlineExceeded}.
     */
    public Future<Response> send(String method, String url, MultiMap headers, byte[] body, Duration deadline,
            int maxBodyBytes) {
        if (Vertx.currentContext() == null) {
            // Response handlers must be attached on the event loop that delivers the response, or the end of a
            // short body can pass before they are: hop onto a context when called from an ordinary thread.
            Promise<Response> hopped = Promise.promise();
            vertx.getOrCreateContext().runOnContext(v -> send(method, url, headers, body, deadline, maxBodyBytes)
                    .onComplete(hopped));
            return hopped.future();
        }
        Promise<Response> result = Promise.promise();
        AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
        long timer = vertx.setTimer(Math.max(1, deadline.toMillis()), id -> {
            if (result.tryFail(new DeadlineExceeded(deadline))) {
                HttpClientRequest request = inFlight.get();
                if (request != null) {
                    request.reset();
                }
            }
        });
        RequestOptions options;
        try {
            options = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setAbsoluteURI(url).setHeaders(headers);
        } catch (RuntimeException e) {
            vertx.cancelTimer(timer);
            return Future.failedFuture(e);
        }
        http.request(options)
                .compose(request -> {
                    inFlight.set(request);
                    return body == null ? request.send() : request.send(Buffer.buffer(body));
                })
                .onSuccess(response -> {
                    Buffer kept = Buffer.buffer();
                    response.handler(chunk -> {
                        int room = maxBodyBytes - kept.length();
                        if (room > 0) {
                            kept.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
                        }
                    });
                    response.exceptionHandler(e -> {
                        vertx.cancelTimer(timer);
                        result.tryFail(e);
                    });
                    response.endHandler(v -> {
                        vertx.cancelTimer(timer);
                        result.tryComplete(new Response(response.statusCode(), response.getHeader("Retry-After"),
                                kept.getBytes()));
                    });
                })
                .onFailure(e -> {
                    vertx.cancelTimer(timer);
                    result.tryFail(e);
                });
        return result.future();
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
