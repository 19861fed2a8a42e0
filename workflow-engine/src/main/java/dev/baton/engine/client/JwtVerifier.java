package dev.baton.engine.client;

import dev.baton.engine.config.EngineConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Verifies RS256 JWTs issued by the task queue: the key is selected by {@code kid} from
 * {@code <task queue>/.well-known/jwks.json} (fetched on first use and again, at most every 10 s, when an unknown
 * kid appears), then the signature, {@code iss} (baton.engine.tasks.issuer, default the task queue URL), {@code aud}
 * and {@code exp} (30 s leeway) are checked.
 */
@ApplicationScoped
public class JwtVerifier {

    private final HttpCaller http;
    private final EngineConfig config;
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private volatile long lastFetch;

    public JwtVerifier(HttpCaller http, EngineConfig config) {
        this.http = http;
        this.config = config;
    }

    /** True when {@code token} is a valid task-queue JWT whose audience passes {@code audience}. */
    public Future<Boolean> verify(String token, Predicate<String> audience) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length != 3 || config.tasks().url().isEmpty()) {
            return Future.succeededFuture(false);
        }
        JsonObject header;
        JsonObject claims;
        try {
            header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
            claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return Future.succeededFuture(false);
        }
        if (!"RS256".equals(header.getString("alg"))) {
            return Future.succeededFuture(false);
        }
        String kid = header.getString("kid", "");
        Future<PublicKey> key = keys.containsKey(kid) ? Future.succeededFuture(keys.get(kid))
                : refresh().map(v -> keys.get(kid));
        return key.map(k -> k != null && signatureOk(k, parts) && claimsOk(claims, audience))
                .otherwise(false);
    }

    private boolean claimsOk(JsonObject claims, Predicate<String> audience) {
        String issuer = config.tasks().issuer().orElse(config.tasks().url().orElse(""));
        Object aud = claims.getValue("aud");
        boolean audOk = aud instanceof String s ? audience.test(s)
                : aud instanceof JsonArray a && a.stream().anyMatch(x -> x instanceof String s && audience.test(s));
        long exp = claims.getLong("exp", 0L);
        return issuer.equals(claims.getString("iss")) && audOk && exp + 30 >= Instant.now().getEpochSecond();
    }

    private static boolean signatureOk(PublicKey key, String[] parts) {
        try {
            Signature sig = Signature.getInstance("SHA256withRSA");
            sig.initVerify(key);
            sig.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return sig.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (Exception e) {
            return false;
        }
    }

    private Future<Void> refresh() {
        long now = System.currentTimeMillis();
        if (now - lastFetch < 10_000 && !keys.isEmpty()) {
            return Future.succeededFuture();
        }
        lastFetch = now;
        String url = config.tasks().url().orElseThrow() + "/.well-known/jwks.json";
        return http.send("GET", url, MultiMap.caseInsensitiveMultiMap(), null, 5_000).map(r -> {
            JsonObject jwks = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
            for (Object o : jwks.getJsonArray("keys", new JsonArray())) {
                JsonObject k = (JsonObject) o;
                if (!"RSA".equals(k.getString("kty"))) {
                    continue;
                }
                try {
                    var spec = new RSAPublicKeySpec(
                            new BigInteger(1, Base64.getUrlDecoder().decode(k.getString("n"))),
                            new BigInteger(1, Base64.getUrlDecoder().decode(k.getString("e"))));
                    keys.put(k.getString("kid", ""), KeyFactory.getInstance("RSA").generatePublic(spec));
                } catch (Exception e) {
                    // an unusable key is skipped; tokens signed with it fail verification
                }
            }
            return null;
        });
    }
}
