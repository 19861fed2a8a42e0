package dev.baton.engine.client;

import dev.baton.engine.config.EngineConfig;
import dev.baton.engine.repository.SigningKeyQueries;
import dev.baton.engine.repository.SigningKeyQueries.StoredKey;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The OIDC ID tokens {@code http.*} calls send with {@code auth: {type: OIDC}}, as Google signs them for a workflow's
 * service account: RS256 JWTs with {@code iss} = this engine's issuer ({@code baton.engine.oidc.issuer}, default its
 * public URL), {@code aud} = the call's audience (default its URL without the query), {@code sub} and {@code email} =
 * the configured service account, {@code iat} and a short {@code exp}. A target verifies them against
 * {@code <issuer>/.well-known/jwks.json} (rest.JwksResource), like any OIDC ID token.
 *
 * <p>The key is {@code baton.engine.oidc.private-key-pem} when configured; otherwise the one stored in the database by
 * the first instance that started, so that every instance sharing the database signs with the same key and publishes
 * it. A key is generated only when the database has none (RSA generation is the slow part of a start).
 *
 * <p>Tokens are cached per audience for half their lifetime: signing costs about a millisecond of CPU.
 */
@ApplicationScoped
public class IdTokens {

    private static final Logger LOG = Logger.getLogger(IdTokens.class);
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    /** More audiences than this in the cache means a workflow varies them (query strings in audience): start over. */
    private static final int CACHE_LIMIT = 10_000;

    private final EngineConfig config;
    private final Pool pool;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile Signer signer;

    private record Signer(String kid, PrivateKey key, JsonObject jwks) {
    }

    private record Cached(String token, Instant renewAfter) {
    }

    public IdTokens(EngineConfig config, Pool pool) {
        this.config = config;
        this.pool = pool;
    }

    /** After the database is migrated (DatabaseBootstrap, priority 0), before anything runs executions. */
    void onStart(@Observes @Priority(5) StartupEvent event) throws Exception {
        load();
    }

    /** Loads the signing key: configured, else the stored one, else a new one stored for every instance. */
    void load() throws Exception {
        if (config.oidc().privateKeyPem().isPresent()) {
            byte[] der = Base64.getDecoder().decode(config.oidc().privateKeyPem().get()
                    .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", ""));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            if (!(key instanceof RSAPrivateCrtKey crt)) {
                throw new IllegalStateException("baton.engine.oidc.private-key-pem must be an RSA key in PKCS#8 PEM"
                        + " (-----BEGIN PRIVATE KEY-----)");
            }
            byte[] pub = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(),
                    crt.getPublicExponent())).getEncoded();
            use(List.of(new StoredKey(keyId(pub), der, pub)));
            return;
        }
        List<StoredKey> stored = await(SigningKeyQueries.list(pool).toCompletionStage().toCompletableFuture());
        if (stored.isEmpty()) {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            byte[] pub = pair.getPublic().getEncoded();
            await(SigningKeyQueries.insertIfNone(pool, new StoredKey(keyId(pub), pair.getPrivate().getEncoded(), pub),
                    Instant.now()).toCompletionStage().toCompletableFuture());
            // Another instance may have stored its key first: everyone uses what the table holds.
            stored = await(SigningKeyQueries.list(pool).toCompletionStage().toCompletableFuture());
            LOG.infof("OIDC signing key %s in use (generated once, shared through the database)",
                    stored.getFirst().kid());
        }
        use(stored);
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private void use(List<StoredKey> keys) throws GeneralSecurityException {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        JsonArray published = new JsonArray();
        for (StoredKey k : keys) {
            RSAPublicKey pub = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(k.publicX509()));
            published.add(new JsonObject().put("kty", "RSA").put("use", "sig").put("alg", "RS256").put("kid", k.kid())
                    .put("n", B64URL.encodeToString(unsigned(pub.getModulus())))
                    .put("e", B64URL.encodeToString(unsigned(pub.getPublicExponent()))));
        }
        StoredKey current = keys.getFirst();
        signer = new Signer(current.kid(), rsa.generatePrivate(new PKCS8EncodedKeySpec(current.privatePkcs8())),
                new JsonObject().put("keys", published));
        cache.clear();
    }

    /** The issuer every token carries. */
    public String issuer() {
        return config.oidc().issuer().orElse(config.publicUrl());
    }

    /** The JWKS: {@code {"keys":[{"kty":"RSA","kid","n","e",...}]}}. */
    public JsonObject jwks() {
        Signer s = signer;
        return s == null ? new JsonObject().put("keys", new JsonArray()) : s.jwks();
    }

    /** An ID token for {@code audience}, valid from {@code now} for {@code baton.engine.oidc.token-lifetime}. */
    public String token(String audience, Instant now) {
        Cached cached = cache.get(audience);
        if (cached != null && now.isBefore(cached.renewAfter())) {
            return cached.token();
        }
        Signer s = signer;
        if (s == null) {
            throw new IllegalStateException("the OIDC signing key is not loaded yet");
        }
        Duration lifetime = config.oidc().tokenLifetime();
        long iat = now.getEpochSecond();
        String account = config.oidc().serviceAccount();
        JsonObject header = new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", s.kid());
        JsonObject claims = new JsonObject().put("iss", issuer()).put("aud", audience).put("sub", account)
                .put("email", account).put("email_verified", true).put("iat", iat)
                .put("exp", iat + lifetime.toSeconds());
        String input = B64URL.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + '.'
                + B64URL.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(s.key());
            rs256.update(input.getBytes(StandardCharsets.US_ASCII));
            String token = input + '.' + B64URL.encodeToString(rs256.sign());
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(audience, new Cached(token, now.plus(lifetime.dividedBy(2))));
            return token;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign an ID token", e);
        }
    }

    private static String keyId(byte[] publicKey) throws GeneralSecurityException {
        return B64URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(publicKey)).substring(0, 16);
    }

    /** JWK integers are unsigned big-endian, without the sign byte BigInteger adds. */
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
