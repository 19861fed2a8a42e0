package dev.baton.engine.runtime;

import java.util.Map;

/**
 * Everything non-deterministic an execution may observe, injected so that tests and replays are exact:
 * the clock ({@code sys.now}, sleep deadlines), randomness ({@code uuid.generate}), environment variables
 * ({@code sys.get_env}), log output ({@code sys.log}) and callback URLs.
 */
public interface Environment {
    /** Seconds since the epoch, with fractions. */
    double now();

    /** A fresh random UUID string. */
    String randomUuid();

    /** Value of a {@code sys.get_env} variable or null when unset. */
    String env(String name);

    /** Receives {@code sys.log} output: severity and the logged value. */
    void log(String severity, Object value);

    /** The URL a callback endpoint with this stable id is reachable at. */
    String callbackUrl(String callbackId);

    /**
     * The URL of a callback endpoint with this stable id that accepts requests with {@code method} (an upper-case
     * HTTP method) only; by default the method is not recorded.
     */
    default String callbackUrl(String callbackId, String method) {
        return callbackUrl(callbackId);
    }

    /** A fixed environment for tests: time starts at {@code startSeconds} and advances only by sleeps. */
    static Environment fixed(double startSeconds, Map<String, String> env) {
        return new FixedEnvironment(startSeconds, env);
    }
}
