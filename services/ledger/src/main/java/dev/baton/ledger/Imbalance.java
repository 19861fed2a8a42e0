package dev.baton.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * A broken invariant: an entry whose lines do not sum to zero in a currency (scope ENTRY, with its id), or a
 * currency whose debits and credits differ across all accounts (scope TOTAL).
 *
 * @param netMinor debits minus credits
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Imbalance(Scope scope, UUID entryId, String currency, long netMinor) {

    /** What does not balance. */
    public enum Scope {
        ENTRY,
        TOTAL
    }
}
