package dev.baton.analytics;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Revenue bucket sizes; mirrored by {@code revenue_bucket.granularity}'s CHECK constraint. Buckets are in UTC. */
public enum Granularity {
    /** One bucket per clock hour. */
    HOUR(ChronoUnit.HOURS),
    /** One bucket per UTC day. */
    DAY(ChronoUnit.DAYS);

    private final ChronoUnit unit;

    Granularity(ChronoUnit unit) {
        this.unit = unit;
    }

    /** The start of the bucket {@code time} falls in. */
    public OffsetDateTime bucketOf(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(unit);
    }
}
