package dev.baton.engine.execution;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The time every component passes as "now" to the queries and the interpreter ({@code sys.now}, sleep deadlines).
 * Truncated to microseconds, PostgreSQL's precision, so a time computed here and read back from a row compare equal.
 * Tests move it forward with {@link #advance} to fire timers without waiting.
 */
@ApplicationScoped
public class Clock {

    private final AtomicLong offsetMicros = new AtomicLong();

    /** Current time at microsecond precision (plus any test offset). */
    public Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS).plus(offsetMicros.get(), ChronoUnit.MICROS);
    }

    /** Moves this process's clock forward; for tests of timers and leases. */
    public void advance(Duration by) {
        offsetMicros.addAndGet(by.toNanos() / 1000);
    }
}
