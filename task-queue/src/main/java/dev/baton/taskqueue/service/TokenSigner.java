package dev.baton.taskqueue.service;

import dev.baton.taskqueue.config.TaskQueueConfig;
import dev.baton.taskqueue.repository.SigningKeyQueries;
import dev.baton.taskqueue.repository.SigningKeyQueries.StoredKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mints the OIDC tokens (RS256 JWTs) sent with tasks that ask for one and with completion reports, and publishes
 * the verification keys as a JWKS. A target verifies a token by fetching {@code /.well-known/jwks.json}, picking the
 * key by {@code kid}, checking the RS256 signature, and checking {@code iss}, {@code aud} (its own URL) and
 * {@code exp}.
 *
 * <p>Tokens are cached per (subject, audience) and reused for half their lifetime: signing with RSA costs about a
 * millisecond, which would otherwise bound dispatch throughput.
 */
@ApplicationScoped
public class TokenSigner {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final TaskQueueConfig config;
    private volatile String kid;
    private volatile PrivateKey privateKey;
    private volatile JsonObject jwks = new JsonObject().put("keys", new JsonArray());
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String token, Instant renewAfter) {
    }

    public TokenSigner(TaskQueueConfig config) {
        this.config = config;
    }

    /**
     * Loads the signing key: from configuration when given, otherwise the one shared through the database (stored
     * by whichever instance started first). Blocks; called once at startup.
     */
    public void load(Pool pool) throws GeneralSecurityException {
        if (config.oidc().privateKeyPem().isPresent()) {
            String pem = config.oidc().privateKeyPem().get()
                    .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(pem);
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
            RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            use(List.of(new StoredKey(keyId(pub.getEncoded()), der, pub.getEncoded())));
            return;
        }
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var pair = generator.generateKeyPair();
        byte[] pub = pair.getPublic().getEncoded();
        var fresh = new StoredKey(keyId(pub), pair.getPrivate().getEncoded(), pub);
        SigningKeyQueries.insertIfNone(pool, fresh, Instant.now()).toCompletionStage().toCompletableFuture().join();
        use(SigningKeyQueries.list(pool).toCompletionStage().toCompletableFuture().join());
    }

    private void use(List<StoredKey> keys) throws GeneralSecurityException {
        var factory = KeyFactory.getInstance("RSA");
        var published = new JsonArray();
        for (StoredKey k : keys) {
            RSAPublicKey pub = (RSAPublicKey) factory.generatePublic(new X509EncodedKeySpec(k.publicX509()));
            published.add(new JsonObject().put("kty", "RSA").put("use", "sig").put("alg", "RS256").put("kid", k.kid())
                    .put("n", B64URL.encodeToString(unsigned(pub.getModulus())))
                    .put("e", B64URL.encodeToString(unsigned(pub.getPublicExponent()))));
        }
        StoredKey current = keys.getFirst();
        this.privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(current.privatePkcs8()));
        this.kid = current.kid();
        this.jwks = new JsonObject().put("keys", published);
        cache.clear();
    }

    /** The JWKS document: {@code {"keys":[{"kty":"RSA","kid":...,"n":...,"e":...}]}}. */
    public JsonObject jwks() {
        return jwks;
    }

    /** The issuer every token carries. */
    public String issuer() {
        return config.oidc().issuer();
    }

    /**
     * A token for {@code subject} (the service account email of the task, or the queue's own for reports) meant for
     * {@code audience}.
     */
    public String token(String subject, String audience, Instant now) {
        String cacheKey = subject + '\n' + audience;
        Cached cached = cache.get(cacheKey);
        if (cached != null && now.isBefore(cached.renewAfter())) {
            return cached.token();
        }
        Duration lifetime = config.oidc().tokenLifetime();
        long iat = now.getEpochSecond();
        var header = new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid);
        var claims = new JsonObject().put("iss", issuer()).put("sub", subject).put("email", subject)
                .put("email_verified", true).put("aud", audience).put("iat", iat)
                .put("exp", iat + lifetime.toSeconds());
        String signingInput = B64URL.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + '.'
                + B64URL.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
        try {
            var signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            String token = signingInput + '.' + B64URL.encodeToString(signature.sign());
            if (cache.size() > 10_000) {
                cache.clear();
            }
            cache.put(cacheKey, new Cached(token, now.plus(lifetime.dividedBy(2))));
            return token;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign an OIDC token", e);
        }
    }

    private static String keyId(byte[] publicKey) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey);
        return B64URL.encodeToString(digest).substring(0, 16);
    }

    /** JWK integers are unsigned big-endian without a leading zero byte. */
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }
}
