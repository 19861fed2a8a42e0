package dev.baton.taskqueue.rest;

import dev.baton.taskqueue.service.TokenSigner;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The public keys that verify the OIDC tokens this service sends, as a JWKS, at the OIDC discovery location and
 * under {@code /v2}.
 */
@Path("/")
@Tag(name = "OIDC", description = "Keys to verify the tokens sent with tasks and completion reports")
public class JwksResource {

    private final TokenSigner signer;

    public JwksResource(TokenSigner signer) {
        this.signer = signer;
    }

    @GET
    @Path(".well-known/jwks.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "Jwks", summary = "JWKS", description = "RS256 keys; pick by the token's kid.")
    @APIResponse(responseCode = "200", description = "The keys",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Jwks")))
    public String jwks() {
        return signer.jwks().encode();
    }

    @GET
    @Path("v2/jwks")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "JwksAlias", summary = "JWKS (alias)")
    @APIResponse(responseCode = "200", description = "The keys",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Jwks")))
    public String jwksAlias() {
        return jwks();
    }

    @GET
    @Path(".well-known/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "OpenIdConfiguration", summary = "OIDC discovery",
            description = "issuer and jwks_uri, for verifiers that discover keys.")
    @APIResponse(responseCode = "200", description = "Discovery document",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "OpenIdConfiguration")))
    public String discovery() {
        return new io.vertx.core.json.JsonObject().put("issuer", signer.issuer())
                .put("jwks_uri", signer.issuer() + "/.well-known/jwks.json")
                .put("id_token_signing_alg_values_supported", new io.vertx.core.json.JsonArray().add("RS256"))
                .encode();
    }
}
