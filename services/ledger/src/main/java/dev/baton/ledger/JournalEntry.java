package dev.baton.ledger;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A journal entry with its lines. The constructor refuses an entry that does not balance per currency (or has
 * fewer than two lines, or a non-positive amount): the code's half of the rule the database enforces again at
 * commit with the constraint trigger {@code journal_entry_balanced}.
 *
 * @param commandKey the Idempotency-Key of the command that posted the entry
 * @param reverses   for a REVERSAL, the entry it undoes; null for a SALE
 * @param reason     for a REVERSAL, why; null for a SALE
 */
public record JournalEntry(UUID id, EntryKind kind, String paymentId, String customerId, String description,
        String commandKey, UUID reverses, String reason, OffsetDateTime postedAt, List<JournalLine> lines) {

    /** Checks the entry balances. */
    public JournalEntry {
        lines = List.copyOf(lines);
        if (lines.size() < 2) {
            throw new IllegalArgumentException("A journal entry needs at least two lines, got " + lines.size());
        }
        for (JournalLine line : lines) {
            if (line.amountMinor() <= 0) {
                throw new IllegalArgumentException("Line %d has amount %d; amounts are positive"
                        .formatted(line.lineNo(), line.amountMinor()));
            }
        }
        Map<String, Long> unbalanced = net(lines).entrySet().stream().filter(e -> e.getValue() != 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        if (!unbalanced.isEmpty()) {
            throw new IllegalArgumentException("Journal entry %s does not balance: debits minus credits are %s"
                    .formatted(id, unbalanced));
        }
        if ((kind == EntryKind.REVERSAL) != (reverses != null)) {
            throw new IllegalArgumentException("Only a REVERSAL names the entry it reverses");
        }
    }

    /** Debits minus credits per currency; all zero for a valid entry. */
    public static Map<String, Long> net(List<JournalLine> lines) {
        var net = new TreeMap<String, Long>();
        for (JournalLine line : lines) {
            net.merge(line.currency(), line.signedMinor(), Math::addExact);
        }
        return net;
    }

    /** The entry that undoes this one: the same lines with every side swapped. */
    public JournalEntry reversal(UUID newId, String key, String reason, OffsetDateTime at) {
        if (kind != EntryKind.SALE) {
            throw new IllegalStateException("Only a sale is reversed; " + id + " is a " + kind);
        }
        return new JournalEntry(newId, EntryKind.REVERSAL, paymentId, customerId, "Reversal of " + id + ": " + reason,
                key, id, reason, at, lines.stream().map(JournalLine::swapped).toList());
    }
}
