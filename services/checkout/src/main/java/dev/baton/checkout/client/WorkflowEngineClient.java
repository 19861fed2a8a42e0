package dev.baton.checkout.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.checkout.config.CheckoutConfig;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The workflow engine's Executions API (Google Workflow Executions v1 REST): create an execution of the payment
 * workflow, read one back. Each call has a deadline, a circuit breaker, and (create only) retries, built with
 * SmallRye Fault Tolerance from {@link CheckoutConfig.Engine}.
 *
 * <p>Creating is not idempotent on the engine's side (the API takes no request id), so only failures that prove
 * the engine never took the request are retried; everything else surfaces as {@link EngineException.OutcomeUnknown}
 * and the caller decides (checkout leaves the payment start-pending and retries later, after a backoff).
 */
@ApplicationScoped
public class WorkflowEngineClient {

    private static final TypeLiteral<Uni<Execution>> UNI_EXECUTION = new TypeLiteral<>() {
    };
    /** Answers larger than this are not an Execution we can use. */
    private static final int MAX_BODY = 2 * 1024 * 1024;

    private final Vertx vertx;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final CheckoutConfig.Engine config;
    private final TypedGuard<Uni<Execution>> createGuard;
    private final TypedGuard<Uni<Execution>> readGuard;

    public WorkflowEngineClient(Vertx vertx, ObjectMapper mapper, CheckoutConfig config) {
        this.vertx = vertx;
        this.mapper = mapper;
        this.config = config.engine();
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxRedirects(0));
        var create = this.config.create();
        var breaker = this.config.circuitBreaker();
        this.createGuard = TypedGuard.create(UNI_EXECUTION)
                .withDescription("workflow engine: create execution")
                .withRetry()
                .maxRetries(create.maxRetries())
                .delay(create.retryDelay().toMillis(), ChronoUnit.MILLIS)
                .jitter(create.retryJitter().toMillis(), ChronoUnit.MILLIS)
                .retryOn(EngineException.Unavailable.class)
                .done()
                .withCircuitBreaker().with(b -> breaker(b, breaker, "checkout-engine-create")).done()
                .withTimeout().duration(create.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .build();
        this.readGuard = TypedGuard.create(UNI_EXECUTION)
                .withDescription("workflow engine: get execution")
                .withCircuitBreaker().with(b -> breaker(b, breaker, "checkout-engine-read")).done()
                .withTimeout().duration(this.config.read().timeout().toMillis(), ChronoUnit.MILLIS).done()
                .build();
    }

    private static void breaker(TypedGuard.Builder.CircuitBreakerBuilder<Uni<Execution>> b,
            CheckoutConfig.CircuitBreaker c, String name) {
        // A 4xx is the engine working and refusing this request: no reason to stop calling it.
        b.name(name)
                .requestVolumeThreshold(c.requestVolumeThreshold())
                .failureRatio(c.failureRatio())
                .delay(c.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(c.successThreshold())
                .when(e -> !(e instanceof EngineException.Rejected));
    }

    /** The engine-relative name of the workflow checkout runs. */
    public String workflowName() {
        return workflowName(config.workflow());
    }

    private String workflowName(String workflowId) {
        return "projects/%s/locations/%s/workflows/%s".formatted(config.project(), config.location(), workflowId);
    }

    /** Where an execution can be read, for a payment's {@code links.execution}. */
    public String executionUrl(String executionName) {
        return base() + "/v1/" + executionName;
    }

    /**
     * Creates an execution of the workflow with {@code argumentJson} (a JSON object) as its argument.
     *
     * @return the execution; fails with an {@link EngineException}
     */
    public Uni<Execution> create(String argumentJson) {
        return create(config.workflow(), argumentJson);
    }

    /** As {@link #create(String)}, for another workflow of the same project and location. */
    public Uni<Execution> create(String workflowId, String argumentJson) {
        String body = json(Map.of("argument", argumentJson));
        String url = base() + "/v1/" + workflowName(workflowId) + "/executions";
        return createGuard.get(() -> send(HttpMethod.POST, url, body, config.create().timeout()))
                .onFailure().transform(WorkflowEngineClient::translate);
    }

    /** Reads an execution by its name; fails with an {@link EngineException}. */
    public Uni<Execution> get(String executionName) {
        return readGuard.get(() -> send(HttpMethod.GET, executionUrl(executionName), null, config.read().timeout()))
                .onFailure().transform(WorkflowEngineClient::translate);
    }

    private String base() {
        String url = config.url().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Throwable translate(Throwable e) {
        return switch (e) {
            case EngineException known -> known;
            case CircuitBreakerOpenException open -> new EngineException.Unavailable(
                    "workflow engine circuit breaker is open (recent calls failed)", open);
            case TimeoutException timeout -> new EngineException.OutcomeUnknown(
                    "workflow engine gave no answer within the deadline", timeout);
            default -> new EngineException.OutcomeUnknown("workflow engine call failed: " + e, e);
        };
    }

    private Uni<Execution> send(HttpMethod method, String url, String body, Duration deadline) {
        AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
        return Uni.createFrom().<Execution>emitter(emitter -> {
            // Response handlers must be attached on the context that delivers the response, so the call always
            // starts on one (a request thread or the starter's timer may not be on a Vert.x context).
            vertx.getOrCreateContext().runOnContext(v -> exchange(method, url, body, deadline, inFlight)
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            emitter.complete(ar.result());
                        } else {
                            emitter.fail(ar.cause());
                        }
                    }));
        }).onCancellation().invoke(() -> {
            // The guard's deadline passed: stop the exchange rather than leave it to finish unobserved.
            HttpClientRequest request = inFlight.get();
            if (request != null) {
                request.reset();
            }
        });
    }

    private Future<Execution> exchange(HttpMethod method, String url, String body, Duration deadline,
            AtomicReference<HttpClientRequest> inFlight) {
        long millis = Math.max(1, deadline.toMillis());
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url)
                .setConnectTimeout(millis).setIdleTimeout(millis)
                .putHeader("Accept", "application/json");
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        Promise<Execution> result = Promise.promise();
        http.request(options).onComplete(connected -> {
            if (connected.failed()) {
                // Nothing was sent: no connection could be had.
                result.fail(connectFailure(url, connected.cause()));
                return;
            }
            HttpClientRequest request = connected.result();
            inFlight.set(request);
            (body == null ? request.send() : request.send(body))
                    .compose(response -> response.body().map(buffer -> {
                        if (buffer.length() > MAX_BODY) {
                            throw new EngineException.OutcomeUnknown("workflow engine answer too large", null);
                        }
                        return answer(response.statusCode(), buffer.toString());
                    }))
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            result.complete(ar.result());
                        } else if (ar.cause() instanceof EngineException known) {
                            result.fail(known);
                        } else {
                            result.fail(new EngineException.OutcomeUnknown(
                                    "workflow engine exchange broke off after sending: " + ar.cause().getMessage(),
                                    ar.cause()));
                        }
                    });
        });
        return result.future();
    }

    private static EngineException connectFailure(String url, Throwable cause) {
        boolean notSent = cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof io.netty.channel.ConnectTimeoutException
                || cause instanceof io.vertx.core.http.ConnectionPoolTooBusyException;
        String message = "cannot reach the workflow engine at " + url + ": " + cause.getMessage();
        return notSent ? new EngineException.Unavailable(message, cause)
                : new EngineException.OutcomeUnknown(message, cause);
    }

    private Execution answer(int status, String body) {
        if (status >= 200 && status < 300) {
            return parse(body);
        }
        String error = aip193(body);
        String message = "workflow engine answered " + status + (error.isEmpty() ? "" : ": " + error);
        if (status == 429 || status == 502 || status == 503) {
            throw new EngineException.Unavailable(message, null);
        }
        if (status >= 400 && status < 500) {
            throw new EngineException.Rejected(status, message);
        }
        throw new EngineException.OutcomeUnknown(message, null);
    }

    private Execution parse(String body) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.hasNonNull("name")) {
                throw new EngineException.OutcomeUnknown("workflow engine answered without an execution name", null);
            }
            var steps = new ArrayList<String>();
            for (JsonNode frame : node.path("status").path("currentSteps")) {
                if (frame.hasNonNull("step")) {
                    steps.add(frame.get("step").asText());
                }
            }
            return new Execution(node.get("name").asText(), node.path("state").asText(null), steps,
                    jsonText(node.get("result")), errorText(node.get("error")));
        } catch (JsonProcessingException e) {
            throw new EngineException.OutcomeUnknown("workflow engine answered with unreadable JSON", e);
        }
    }

    /** The API sends {@code result} as a string holding JSON; an engine that sends the value itself is read too. */
    private static String jsonText(JsonNode result) {
        if (result == null || result.isNull()) {
            return null;
        }
        return result.isTextual() ? result.asText() : result.toString();
    }

    /** {@code error.payload} (a string in the API), or the whole error when it has none. */
    private static String errorText(JsonNode error) {
        if (error == null || error.isNull()) {
            return null;
        }
        JsonNode payload = error.path("payload");
        return payload.isTextual() ? payload.asText() : error.toString();
    }

    /** {@code STATUS: message} of an AIP-193 error body, or the body's start when it is not one. */
    private String aip193(String body) {
        try {
            JsonNode error = mapper.readTree(body).path("error");
            if (error.isObject()) {
                return error.path("status").asText("") + ": " + error.path("message").asText("");
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // fall through: not JSON
        }
        return body == null ? "" : body.substring(0, Math.min(body.length(), 200));
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
