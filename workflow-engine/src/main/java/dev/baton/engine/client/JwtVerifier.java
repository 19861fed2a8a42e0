package dev.baton.engine.client;

import dev.baton.engine.config.EngineConfig;
import dev.baton.platform.security.Rs256JwtVerifier;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Predicate;

/**
 * Verifies RS256 JWTs issued by the task queue (completion reports, callbacks) with the platform's
 * {@link Rs256JwtVerifier}: keys from {@code <task queue>/.well-known/jwks.json}, {@code iss}
 * (baton.engine.tasks.issuer, default the task queue URL), {@code aud} and {@code exp}.
 */
@ApplicationScoped
public class JwtVerifier {

    private final EngineConfig config;
    private final Rs256JwtVerifier verifier;

    public JwtVerifier(HttpCaller http, EngineConfig config) {
        this.config = config;
        this.verifier = new Rs256JwtVerifier(
                () -> http.send("GET", config.tasks().url().orElseThrow() + "/.well-known/jwks.json",
                        MultiMap.caseInsensitiveMultiMap(), null, 5_000)
                        .map(r -> new JsonObject(new String(r.body(), StandardCharsets.UTF_8))),
                () -> config.tasks().issuer().orElse(config.tasks().url().orElse("")), Clock.systemUTC());
    }

    /** True when {@code token} is a valid task-queue JWT whose audience passes {@code audience}. */
    public Future<Boolean> verify(String token, Predicate<String> audience) {
        if (config.tasks().url().isEmpty()) {
            return Future.succeededFuture(false);
        }
        return verifier.verify(token, audience);
    }
}
