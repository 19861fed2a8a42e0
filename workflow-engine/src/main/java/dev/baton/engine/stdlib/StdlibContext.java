package dev.baton.engine.stdlib;

/**
 * What stdlib functions may ask of the execution running them: time, randomness, environment variables,
 * logging and callback URLs. The runtime implements it over its injected environment so the functions
 * stay pure and deterministic under test.
 */
public interface StdlibContext {
    /** Seconds since the epoch. */
    double now();

    /** A fresh UUID string. */
    String randomUuid();

    /** A {@code sys.get_env} value or null. */
    String env(String name);

    /** {@code sys.log} output. */
    void log(String severity, Object value);

    /** A stable id for a callback endpoint created now (derived from the calling step). */
    String nextCallbackId();

    /** The URL for a callback id. */
    String callbackUrl(String id);

    /** The URL for a callback id that accepts requests with {@code method} only. */
    default String callbackUrl(String id, String method) {
        return callbackUrl(id);
    }
}
