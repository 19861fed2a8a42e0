package dev.baton.taskqueue.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The time every service passes as "now" to the queries. Truncated to microseconds, PostgreSQL's precision, so that
 * a time computed in Java and the same time read back from a row compare equal.
 */
@ApplicationScoped
public class Clock {

    /** Current time at microsecond precision. */
    public Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
