package dev.baton.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The code's half of the balance rule, and what a reversal is. No database. */
class JournalEntryTest {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC);
    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private static JournalEntry entry(List<JournalLine> lines) {
        return new JournalEntry(ID, EntryKind.SALE, "pay-1", "c-1", "sale", "k-1", null, null, T0, lines);
    }

    @Test
    void construct_unbalancedInOneCurrency_refusedNamingTheDifference() {
        var e = assertThrows(IllegalArgumentException.class, () -> entry(List.of(
                new JournalLine(1, "receivable:gateway", Side.DEBIT, 100, "EUR"),
                new JournalLine(2, "revenue:sales", Side.CREDIT, 100, "USD"))));
        assertEquals("Journal entry %s does not balance: debits minus credits are {EUR=100, USD=-100}".formatted(ID),
                e.getMessage());
    }

    @Test
    void construct_singleLineOrNonPositiveAmount_refused() {
        assertEquals("A journal entry needs at least two lines, got 1", assertThrows(IllegalArgumentException.class,
                () -> entry(List.of(new JournalLine(1, "a:b", Side.DEBIT, 1, "EUR")))).getMessage());
        assertEquals("Line 2 has amount -5; amounts are positive", assertThrows(IllegalArgumentException.class,
                () -> entry(List.of(new JournalLine(1, "a:b", Side.DEBIT, 5, "EUR"),
                        new JournalLine(2, "a:c", Side.CREDIT, -5, "EUR")))).getMessage());
    }

    @Test
    void construct_balancedPerCurrencyAcrossSeveralLines_accepted() {
        var e = entry(List.of(new JournalLine(1, "a:b", Side.DEBIT, 100, "EUR"),
                new JournalLine(2, "a:c", Side.CREDIT, 60, "EUR"),
                new JournalLine(3, "a:d", Side.CREDIT, 40, "EUR"),
                new JournalLine(4, "a:b", Side.DEBIT, 5, "JPY"),
                new JournalLine(5, "a:c", Side.CREDIT, 5, "JPY")));
        assertEquals(Map.of("EUR", 0L, "JPY", 0L), JournalEntry.net(e.lines()));
    }

    @Test
    void reversal_ofSale_swapsEverySideAndNamesTheSale() {
        var sale = entry(List.of(new JournalLine(1, "receivable:gateway", Side.DEBIT, 100, "EUR"),
                new JournalLine(2, "revenue:sales", Side.CREDIT, 100, "EUR")));
        UUID reversalId = UUID.randomUUID();

        var reversal = sale.reversal(reversalId, "k-2", "payment failed", T0.plusMinutes(1));

        assertEquals(new JournalEntry(reversalId, EntryKind.REVERSAL, "pay-1", "c-1",
                "Reversal of " + ID + ": payment failed", "k-2", ID, "payment failed", T0.plusMinutes(1),
                List.of(new JournalLine(1, "receivable:gateway", Side.CREDIT, 100, "EUR"),
                        new JournalLine(2, "revenue:sales", Side.DEBIT, 100, "EUR"))), reversal);
        assertEquals("Only a sale is reversed; %s is a REVERSAL".formatted(reversalId),
                assertThrows(IllegalStateException.class,
                        () -> reversal.reversal(UUID.randomUUID(), "k-3", "again", T0)).getMessage());
    }
}
