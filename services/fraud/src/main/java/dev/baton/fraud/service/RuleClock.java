package dev.baton.fraud.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The "now" the rules are evaluated at: an assessment's time and the end of its velocity window. A bean of its own
 * so tests replace it (QuarkusMock) and move time instead of waiting for it.
 */
@ApplicationScoped
public class RuleClock {

    /** Now, in UTC, at the database's precision (microseconds). */
    public OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
