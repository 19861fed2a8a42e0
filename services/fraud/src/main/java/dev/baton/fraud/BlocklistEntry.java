package dev.baton.fraud;

import java.time.OffsetDateTime;

/**
 * One block-list entry ({@code fraud_blocklist_entry}).
 *
 * @param value  normalised ({@link BlocklistKind#normalise})
 * @param source CONFIG when seeded from {@code baton.fraud.blocklist.*} at start (it comes back on the next start
 *               if deleted), API when added at {@code POST /v1/blocklist}
 */
public record BlocklistEntry(BlocklistKind kind, String value, String reason, String source,
        OffsetDateTime createdAt) {
}
