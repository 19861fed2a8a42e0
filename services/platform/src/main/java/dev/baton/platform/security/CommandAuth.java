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
    private volatile Rs256JwtVerifier verifier;
    private volatile HttpClient http;

    public CommandAuth(CommandAuthConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
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
        return verifier().verify(token, aud -> !audience.isEmpty()
                && (trimSlash(aud).equals(audience) || aud.startsWith(audience + "/")));
    }

    private Rs256JwtVerifier verifier() {
        Rs256JwtVerifier v = verifier;
        if (v == null) {
            synchronized (this) {
                if (verifier == null) {
                    verifier = new Rs256JwtVerifier(this::fetchJwks,
                            () -> config.issuer().orElse(trimSlash(config.taskQueueUrl().orElse(""))),
                            Clock.systemUTC());
                }
                v = verifier;
            }
        }
        return v;
    }

    private Future<JsonObject> fetchJwks() {
        if (http == null) {
            http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
        }
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
