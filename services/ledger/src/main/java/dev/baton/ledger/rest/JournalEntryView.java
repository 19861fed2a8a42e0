package dev.baton.ledger.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.ledger.EntryKind;
import dev.baton.ledger.JournalEntry;
import dev.baton.ledger.JournalLine;
import dev.baton.ledger.Side;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A journal entry as the API shows it. {@code reverses} and {@code reason} on a REVERSAL; {@code reversedBy} on a
 * sale that has been reversed.
 */
@Schema(name = "JournalEntry")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntryView(UUID entryId, EntryKind kind, String paymentId, String customerId, String description,
        UUID reverses, String reason, UUID reversedBy, OffsetDateTime postedAt, List<LineView> lines) {

    /** One line: {@code amountMinor} (positive) on {@code side} of {@code account}. */
    @Schema(name = "JournalLine")
    public record LineView(String account, Side side, long amountMinor, String currency) {

        static LineView of(JournalLine l) {
            return new LineView(l.account(), l.side(), l.amountMinor(), l.currency());
        }
    }

    static JournalEntryView of(JournalEntry e, UUID reversedBy) {
        return new JournalEntryView(e.id(), e.kind(), e.paymentId(), e.customerId(), e.description(), e.reverses(),
                e.reason(), reversedBy, e.postedAt(), e.lines().stream().map(LineView::of).toList());
    }
}
