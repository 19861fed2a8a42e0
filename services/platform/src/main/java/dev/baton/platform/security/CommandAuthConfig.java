package dev.baton.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Whether saga commands must carry the task queue's OIDC token ({@code baton.command-auth.*},
 * {@link CommandAuthFilter}).
 */
@ConfigMapping(prefix = "baton.command-auth")
public interface CommandAuthConfig {

    /**
     * Require {@code Authorization: Bearer <token>} signed by the task queue on every {@link TaskQueueCommand}
     * method. Default false (tests and dev mode post commands directly); the local launcher turns it on. Env
     * {@code BATON_COMMAND_AUTH_ENABLED}.
     */
    @WithDefault("false")
    boolean enabled();

    /**
     * Base URL of the task queue, whose {@code /.well-known/jwks.json} holds the signing keys (env
     * {@code BATON_TASK_QUEUE_URL}). Required when enabled.
     */
    Optional<String> taskQueueUrl();

    /** The {@code iss} tokens must carry (env {@code TASK_QUEUE_ISSUER}); default the task queue URL. */
    Optional<String> issuer();

    /**
     * The {@code aud} tokens must carry: this service's base URL as the workflow engine addresses it (env
     * {@code BATON_COMMAND_AUTH_AUDIENCE}). A token whose audience is a URL under it (a path) is accepted too, as
     * Cloud Tasks uses the target URL when a task names no audience. Required when enabled.
     */
    Optional<String> audience();
}
