package dev.baton.engine.rest;

import dev.baton.engine.client.IdTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The keys that verify the ID tokens this engine sends with {@code auth: {type: OIDC}} calls, at the OIDC discovery
 * locations, so a target verifies them as it would Google's.
 */
@Path("/.well-known")
@Produces(MediaType.APPLICATION_JSON)
public class JwksResource {

    private final IdTokens tokens;

    public JwksResource(IdTokens tokens) {
        this.tokens = tokens;
    }

    /** The JWKS; pick the key by the token's {@code kid}. */
    @GET
    @Path("jwks.json")
    public String jwks() {
        return tokens.jwks().encode();
    }

    /** OIDC discovery: the issuer and where its keys are. */
    @GET
    @Path("openid-configuration")
    public String discovery() {
        String issuer = tokens.issuer();
        return new JsonObject().put("issuer", issuer).put("jwks_uri", issuer + "/.well-known/jwks.json")
                .put("response_types_supported", new JsonArray().add("id_token"))
                .put("subject_types_supported", new JsonArray().add("public"))
                .put("id_token_signing_alg_values_supported", new JsonArray().add("RS256"))
                .put("claims_supported", new JsonArray().add("iss").add("aud").add("sub").add("email")
                        .add("email_verified").add("iat").add("exp"))
                .encode();
    }
}
