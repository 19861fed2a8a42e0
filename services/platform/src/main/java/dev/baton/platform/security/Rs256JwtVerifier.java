package dev.baton.platform.security;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Verifies RS256 JWTs against a JWKS document, as the task queue signs them (its OIDC tokens on dispatch and its
 * completion reports): the key is chosen by {@code kid}; the signature, {@code iss}, {@code aud} and {@code exp}
 * (30 s leeway for clock skew) are checked. The JWKS is fetched on first use, and again when an unknown {@code kid}
 * appears (the queue rotated its key), at most every 10 s, so a stream of forged kids cannot hammer the queue.
 *
 * <p>Plain Java over Vert.x futures: whoever owns the HTTP client supplies the fetch.
 */
public final class Rs256JwtVerifier {

    /** Accepted clock skew on {@code exp}, in seconds. */
    static final long LEEWAY_SECONDS = 30;
    private static final long REFETCH_MILLIS = 10_000;

    private final Supplier<Future<JsonObject>> fetchJwks;
    private final Supplier<String> issuer;
    private final Clock clock;
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private volatile long lastFetch;

    /**
     * @param fetchJwks fetches the JWKS document ({@code {"keys":[{"kty":"RSA","kid","n","e"}]}})
     * @param issuer    the {@code iss} every token must carry (read per token, so it may come from run-time config)
     */
    public Rs256JwtVerifier(Supplier<Future<JsonObject>> fetchJwks, Supplier<String> issuer, Clock clock) {
        this.fetchJwks = fetchJwks;
        this.issuer = issuer;
        this.clock = clock;
    }

    /**
     * True when {@code token} is well formed, signed by a key of the JWKS, from the issuer, unexpired, and meant for
     * an audience {@code audience} accepts.
     */
    public Future<Boolean> verify(String token, Predicate<String> audience) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length != 3) {
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
        if (!"RS256".equals(header.getValue("alg"))) {
            return Future.succeededFuture(false);
        }
        String kid = header.getValue("kid") instanceof String s ? s : "";
        Future<PublicKey> key = keys.containsKey(kid) ? Future.succeededFuture(keys.get(kid))
                : refresh().map(v -> keys.get(kid));
        return key.map(k -> k != null && signatureOk(k, parts) && claimsOk(claims, audience)).otherwise(false);
    }

    private boolean claimsOk(JsonObject claims, Predicate<String> audience) {
        Object aud = claims.getValue("aud");
        boolean audOk = aud instanceof String s ? audience.test(s)
                : aud instanceof JsonArray a && a.stream().anyMatch(x -> x instanceof String s && audience.test(s));
        long exp = claims.getValue("exp") instanceof Number n ? n.longValue() : 0L;
        String iss = issuer.get();
        return iss != null && !iss.isEmpty() && iss.equals(claims.getValue("iss")) && audOk
                && exp + LEEWAY_SECONDS >= clock.instant().getEpochSecond();
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
        long now = clock.millis();
        if (now - lastFetch < REFETCH_MILLIS && !keys.isEmpty()) {
            return Future.succeededFuture();
        }
        lastFetch = now;
        return fetchJwks.get().map(jwks -> {
            for (Object o : jwks.getJsonArray("keys", new JsonArray())) {
                if (!(o instanceof JsonObject k) || !"RSA".equals(k.getString("kty"))) {
                    continue;
                }
                try {
                    var spec = new RSAPublicKeySpec(
                            new BigInteger(1, Base64.getUrlDecoder().decode(k.getString("n"))),
                            new BigInteger(1, Base64.getUrlDecoder().decode(k.getString("e"))));
                    keys.put(k.getString("kid", ""), KeyFactory.getInstance("RSA").generatePublic(spec));
                } catch (Exception e) {
                    // An unusable key is skipped: tokens signed with it fail verification.
                }
            }
            return null;
        });
    }
}
