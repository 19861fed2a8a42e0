package dev.baton.ledger.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.ledger.service.LedgerService;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer of {@code POST /v1/journal-entries:reverse}: REVERSED (201) or ALREADY_REVERSED (200) with the
 * reversal entry ({@code entryId}, the sale it {@code reverses}, its swapped lines), or NOTHING_TO_REVERSE (200)
 * alone.
 */
@Schema(name = "Reversal")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReversalView(LedgerService.ReverseStatus status, UUID entryId, UUID reverses, OffsetDateTime postedAt,
        List<JournalEntryView.LineView> lines) {

    static ReversalView of(LedgerService.Reversal r) {
        return r.reversal().map(e -> new ReversalView(r.status(), e.id(), e.reverses(), e.postedAt(),
                e.lines().stream().map(JournalEntryView.LineView::of).toList()))
                .orElseGet(() -> new ReversalView(r.status(), null, null, null, null));
    }
}
