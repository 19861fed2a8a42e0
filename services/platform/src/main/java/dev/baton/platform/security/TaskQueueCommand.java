package dev.baton.platform.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a REST method as a saga command, which reaches the service through the task queue: when
 * {@code baton.command-auth.enabled=true} ({@link CommandAuthFilter}) it requires the queue's OIDC token.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface TaskQueueCommand {
}
