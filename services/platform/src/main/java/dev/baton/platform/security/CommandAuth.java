package dev.baton.platform.security;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;

/**
 * Checks that a saga command came through the task queue: its {@code Authorization: Bearer} token is an OIDC token
 * the queue signed ({@link Rs256JwtVerifier} against {@code <task queue>/.well-known/jwks.json}) for this service's
 * audience. Settings: {@link CommandAuthConfig}; the check itself runs in {@link CommandAuthFilter}.
 */
@ApplicationScoped
public class CommandAuth {

    private static final int JWKS_TIMEOUT_MILLIS = 5_000;

    private final CommandAuthConfig config;
    private final Vertx vertx;
    private final HttpClient http;
    private final Rs256JwtVerifier verifier;

    public CommandAuth(CommandAuthConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
        // The issuer default is the queue URL exactly as configured: the queue puts that same value in its tokens.
        this.verifier = new Rs256JwtVerifier(this::fetchJwks,
                () -> config.issuer().orElse(config.taskQueueUrl().orElse("")), Clock.systemUTC());
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /** A service told to check commands but not told against what refuses to start, saying which setting is missing. */
    void check(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        if (config.taskQueueUrl().isEmpty()) {
            throw new IllegalStateException("baton.command-auth.enabled=true needs the task queue's URL to fetch its"
                    + " signing keys: set BATON_TASK_QUEUE_URL (baton.command-auth.task-queue-url)");
        }
        if (config.audience().isEmpty()) {
            throw new IllegalStateException("baton.command-auth.enabled=true needs this service's own base URL as the"
                    + " tokens' audience: set BATON_COMMAND_AUTH_AUDIENCE (baton.command-auth.audience)");
        }
    }

    /** Whether commands must carry the queue's token. */
    public boolean enabled() {
        return config.enabled();
    }

    /** True when {@code token} is the task queue's, unexpired, for this service. */
    public Future<Boolean> verify(String token) {
        String audience = trimSlash(config.audience().orElse(""));
        return verifier.verify(token, aud -> !audience.isEmpty()
                && (trimSlash(aud).equals(audience) || aud.startsWith(audience + "/")));
    }

    private Future<JsonObject> fetchJwks() {
        String url = trimSlash(config.taskQueueUrl().orElseThrow()) + "/.well-known/jwks.json";
        Promise<JsonObject> result = Promise.promise();
        // Response handlers must be attached on the context that delivers the response.
        vertx.getOrCreateContext().runOnContext(v -> http.request(new RequestOptions().setMethod(HttpMethod.GET)
                        .setAbsoluteURI(url).setConnectTimeout(JWKS_TIMEOUT_MILLIS).setIdleTimeout(JWKS_TIMEOUT_MILLIS))
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200 ? response.body()
                        : Future.failedFuture("JWKS " + url + " answered " + response.statusCode()))
                .map(body -> body.toJsonObject())
                .onComplete(result));
        return result.future();
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
