package dev.baton.taskqueue.support;

import static io.restassured.RestAssured.given;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/** What a target does with a task's OIDC token: find the key in the published JWKS and check the signature. */
public final class Jwt {

    private Jwt() {
    }

    /** @return the verified claims; throws when the signature does not verify against the JWKS */
    public static JsonObject verify(String bearer) throws Exception {
        String token = bearer.substring("Bearer ".length());
        String[] parts = token.split("\\.");
        var decoder = Base64.getUrlDecoder();
        JsonObject header = new JsonObject(new String(decoder.decode(parts[0]), StandardCharsets.UTF_8));
        JsonObject jwks = new JsonObject(given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString());
        JsonObject jwk = jwks.getJsonArray("keys").stream().map(JsonObject.class::cast)
                .filter(k -> k.getString("kid").equals(header.getString("kid"))).findFirst()
                .orElseThrow(() -> new AssertionError("no key " + header.getString("kid") + " in " + jwks));
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, decoder.decode(jwk.getString("n"))), new BigInteger(1, decoder.decode(jwk.getString("e")))));
        var signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(key);
        signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!"RS256".equals(header.getString("alg")) || !signature.verify(decoder.decode(parts[2]))) {
            throw new AssertionError("signature does not verify");
        }
        return new JsonObject(new String(decoder.decode(parts[1]), StandardCharsets.UTF_8));
    }
}
