package dev.baton.checkout.rest;

import dev.baton.checkout.config.CheckoutConfig;
import dev.baton.platform.rest.Problem;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * {@code Authorization: Bearer <key>} on the public API, checked against {@code baton.checkout.api-keys}; anything
 * else is 401 problem+json with a {@code WWW-Authenticate} challenge. Keys are compared in constant time.
 */
@Provider
@ApiKeyRequired
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final Instance<CheckoutConfig> config;
    private volatile List<byte[]> keys;

    // Providers are built while the application is initialised, before run-time configuration exists: the keys
    // are read on the first request.
    public ApiKeyFilter(Instance<CheckoutConfig> config) {
        this.config = config;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String detail;
        if (header == null || header.isBlank()) {
            detail = "This API needs an Authorization: Bearer <api key> header";
        } else if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            detail = "The Authorization header must use the Bearer scheme";
        } else if (!known(header.substring(PREFIX.length()).trim())) {
            detail = "The API key is not valid";
        } else {
            return;
        }
        request.abortWith(Response.status(401).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"baton\"")
                .entity(new Problem("urn:baton:problem:unauthorized", "Unauthorized", 401, detail,
                        request.getUriInfo().getPath(), null))
                .build());
    }

    private boolean known(String presented) {
        if (keys == null) {
            keys = config.get().apiKeys().stream().filter(k -> !k.isBlank())
                    .map(k -> k.trim().getBytes(StandardCharsets.UTF_8)).toList();
        }
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            // Every key is compared, so timing says nothing about which one came close.
            match |= MessageDigest.isEqual(key, bytes);
        }
        return match;
    }
}
