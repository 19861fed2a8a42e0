package dev.baton.engine.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.support.Api;
import dev.baton.engine.support.EngineTestIsolation;
import dev.baton.engine.support.Target;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code http.*} with {@code auth}: OIDC sends an ID token the target verifies the way it verifies Google's (keys
 * from the issuer's JWKS by kid, RS256 signature, iss, aud, exp); OAuth2 is refused with an AuthError.
 */
@QuarkusTest
@WithTestResource(EngineTestIsolation.class)
class OidcTest {

    static Target target;

    @BeforeAll
    static void startTarget() throws Exception {
        target = new Target();
    }

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    @Test
    void httpCall_authOidc_sendsAnIdTokenTheTargetVerifiesAgainstTheEnginesJwks() throws Exception {
        String wf = Api.deploy("""
                main:
                  params: [args]
                  steps:
                    - plain:
                        call: http.get
                        args:
                          url: ${args.base + "/oidc/plain?x=1"}
                          auth:
                            type: OIDC
                    - aimed:
                        call: http.post
                        args:
                          url: ${args.base + "/oidc/aimed"}
                          auth:
                            type: OIDC
                            audience: https://payments.example
                    - own:
                        call: http.get
                        args:
                          url: ${args.base + "/oidc/own"}
                          headers:
                            Authorization: Bearer mine
                          auth:
                            type: OIDC
                    - done:
                        return: ok
                """);
        String name = Api.start(wf, new JsonObject().put("base", target.url("")).encode());
        assertEquals("SUCCEEDED", Api.awaitFinal(name, Duration.ofSeconds(15)).getString("state"));

        JsonPath discovery = given().get("/.well-known/openid-configuration").then().statusCode(200).extract()
                .jsonPath();
        // The engine's public URL (here the one it was configured with at start).
        String issuer = discovery.getString("issuer");
        assertTrue(issuer.matches("http://127\\.0\\.0\\.1:\\d+"), issuer);
        assertEquals(issuer + "/.well-known/jwks.json", discovery.getString("jwks_uri"));
        JsonObject jwks = new JsonObject(given().get("/.well-known/jwks.json").then().statusCode(200).extract()
                .asString());

        JsonObject plain = verify(target.requests("/oidc/plain").getFirst().header("Authorization"), jwks);
        assertEquals(issuer, plain.getString("iss"));
        assertEquals(target.url("/oidc/plain"), plain.getString("aud"));
        assertEquals("workflow-engine@baton.local", plain.getString("sub"));
        assertEquals("workflow-engine@baton.local", plain.getString("email"));
        long now = Instant.now().getEpochSecond();
        assertTrue(plain.getLong("exp") > now && plain.getLong("exp") <= plain.getLong("iat") + 300, plain.encode());

        JsonObject aimed = verify(target.requests("/oidc/aimed").getFirst().header("Authorization"), jwks);
        assertEquals("https://payments.example", aimed.getString("aud"));

        assertEquals("Bearer mine", target.requests("/oidc/own").getFirst().header("Authorization"));
    }

    @Test
    void httpCall_authOAuth2_raisesAuthErrorAndSendsNothing() {
        String wf = Api.deploy("""
                main:
                  params: [args]
                  steps:
                    - call:
                        try:
                          steps:
                            - get:
                                call: http.get
                                args:
                                  url: ${args.base + "/oauth2/api"}
                                  auth:
                                    type: OAuth2
                        except:
                          as: e
                          steps:
                            - report:
                                return: ${e}
                """);
        String name = Api.start(wf, new JsonObject().put("base", target.url("")).encode());
        JsonPath e = Api.awaitFinal(name, Duration.ofSeconds(15));
        JsonObject error = new JsonObject(e.getString("result"));
        assertEquals(new JsonArray().add("AuthError"), error.getJsonArray("tags"));
        assertEquals("auth type OAuth2 is not supported: this engine issues no OAuth2 access tokens; use type OIDC"
                + " (an ID token signed by the engine) or set an Authorization header", error.getString("message"));
        assertEquals(List.of(), target.requests("/oauth2"));
    }

    /** What a target does with a bearer token: the claims when it is valid, else the test fails. */
    private static JsonObject verify(String authorization, JsonObject jwks) throws Exception {
        assertTrue(authorization.startsWith("Bearer "), authorization);
        String[] parts = authorization.substring(7).split("\\.");
        assertEquals(3, parts.length);
        JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        assertEquals("RS256", header.getString("alg"));
        JsonObject key = jwks.getJsonArray("keys").stream().map(JsonObject.class::cast)
                .filter(k -> k.getString("kid").equals(header.getString("kid"))).findFirst().orElseThrow();
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(key.getString("n"))),
                new BigInteger(1, Base64.getUrlDecoder().decode(key.getString("e")))));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(publicKey);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])), "signature");
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        assertNull(claims.getValue("scope"));
        return claims;
    }
}
