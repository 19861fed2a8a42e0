package dev.baton.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The task queue's tokens as a service checks them: what passes, and each way a token fails. */
class Rs256JwtVerifierTest {

    private static final String ISSUER = "http://queue.test";
    private static final String AUDIENCE = "http://order.test";
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static KeyPair queueKey;
    private static KeyPair otherKey;

    private final AtomicInteger fetches = new AtomicInteger();
    private volatile JsonObject jwks;
    private volatile Instant now = NOW;
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        queueKey = g.generateKeyPair();
        otherKey = g.generateKeyPair();
    }

    private Rs256JwtVerifier verifier() {
        jwks = jwks("k1", queueKey);
        return new Rs256JwtVerifier(() -> {
            fetches.incrementAndGet();
            return Future.succeededFuture(jwks);
        }, () -> ISSUER, clock);
    }

    private static JsonObject jwks(String kid, KeyPair key) {
        RSAPublicKey pub = (RSAPublicKey) key.getPublic();
        var enc = Base64.getUrlEncoder().withoutPadding();
        return new JsonObject().put("keys", new JsonArray().add(new JsonObject().put("kty", "RSA").put("kid", kid)
                .put("n", enc.encodeToString(unsigned(pub.getModulus().toByteArray())))
                .put("e", enc.encodeToString(unsigned(pub.getPublicExponent().toByteArray())))));
    }

    private static byte[] unsigned(byte[] b) {
        return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String token(String kid, KeyPair key, String alg, JsonObject claims) throws Exception {
        var enc = Base64.getUrlEncoder().withoutPadding();
        String head = enc.encodeToString(new JsonObject().put("alg", alg).put("kid", kid).put("typ", "JWT").encode()
                .getBytes(StandardCharsets.UTF_8));
        String body = enc.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
        Signature sig = Signature.getInstance("SHA256withRSA");
        sig.initSign(key.getPrivate());
        sig.update((head + "." + body).getBytes(StandardCharsets.US_ASCII));
        return head + "." + body + "." + enc.encodeToString(sig.sign());
    }

    private static JsonObject claims(Object aud, long exp) {
        return new JsonObject().put("iss", ISSUER).put("aud", aud).put("sub", "workflow-engine@baton.test")
                .put("iat", NOW.getEpochSecond() - 10).put("exp", exp);
    }

    private static boolean verify(Rs256JwtVerifier v, String token) {
        return v.verify(token, AUDIENCE::equals).result();
    }

    @Test
    void verify_queueSignedTokenForThisAudience_passesAndFetchesKeysOnce() throws Exception {
        var v = verifier();
        String t = token("k1", queueKey, "RS256", claims(AUDIENCE, NOW.getEpochSecond() + 300));
        assertTrue(verify(v, t));
        assertTrue(verify(v, t));
        assertEquals(1, fetches.get());
        assertTrue(verify(v, token("k1", queueKey, "RS256",
                claims(new JsonArray().add("x").add(AUDIENCE), NOW.getEpochSecond() + 300))), "audience in a list");
    }

    @Test
    void verify_eachBrokenPart_fails() throws Exception {
        var v = verifier();
        long exp = NOW.getEpochSecond() + 300;
        assertFalse(verify(v, token("k1", otherKey, "RS256", claims(AUDIENCE, exp))), "signed by another key");
        assertFalse(verify(v, token("k1", queueKey, "RS256", claims("http://ledger.test", exp))), "other audience");
        assertFalse(verify(v, token("k1", queueKey, "RS256", claims(AUDIENCE, exp).put("iss", "http://evil"))),
                "other issuer");
        assertFalse(verify(v, token("k1", queueKey, "RS256", claims(AUDIENCE, NOW.getEpochSecond() - 31))),
                "expired beyond the 30 s leeway");
        assertTrue(verify(v, token("k1", queueKey, "RS256", claims(AUDIENCE, NOW.getEpochSecond() - 29))),
                "expired within the leeway");
        assertFalse(verify(v, token("k1", queueKey, "none", claims(AUDIENCE, exp))), "alg none");
        assertFalse(verify(v, "not.a.jwt"));
        assertFalse(verify(v, null));
        String good = token("k1", queueKey, "RS256", claims(AUDIENCE, exp));
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims(AUDIENCE, exp + 3600).encode().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertFalse(verify(v, tampered), "claims changed after signing");
    }

    @Test
    void verify_unknownKid_refetchesAtMostEveryTenSeconds_thenPicksUpARotatedKey() throws Exception {
        var v = verifier();
        long exp = NOW.getEpochSecond() + 300;
        assertTrue(verify(v, token("k1", queueKey, "RS256", claims(AUDIENCE, exp))));
        jwks = jwks("k2", otherKey);
        String rotated = token("k2", otherKey, "RS256", claims(AUDIENCE, exp));
        assertFalse(verify(v, rotated), "within 10 s of the last fetch: no refetch");
        assertEquals(1, fetches.get());

        now = NOW.plusSeconds(11);
        assertTrue(verify(v, rotated), "the rotated key, fetched once 10 s have passed");
        assertEquals(2, fetches.get());
    }
}
