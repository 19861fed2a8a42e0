package dev.baton.ledger;

import static dev.baton.ledger.LedgerTests.id;
import static dev.baton.platform.testing.TestDatabase.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.ledger.repository.JournalRepository;
import dev.baton.platform.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * JournalRepository and the tables under it: what the repository reads back, and what the database itself refuses
 * (unbalanced entries at commit, entries without lines, any update or delete).
 */
@QuarkusTest
class JournalRepositoryTest {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    @Inject
    JournalRepository repository;

    @Inject
    Pool pool;

    private <T> T tx(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work).await().atMost(Duration.ofSeconds(10));
    }

    private static JournalEntry sale(String paymentId, long amountMinor) {
        return new JournalEntry(UUID.randomUUID(), EntryKind.SALE, paymentId, id("c"), "sale", id("key"), null, null,
                T0, List.of(new JournalLine(1, "receivable:gateway", Side.DEBIT, amountMinor, "EUR"),
                        new JournalLine(2, "revenue:sales", Side.CREDIT, amountMinor, "EUR")));
    }

    @Test
    void insert_thenFindAndLock_roundTripEveryFieldAndLine() {
        JournalEntry sale = sale(id("pay"), 250);
        boolean inserted = tx(c -> repository.insert(c, sale));
        assertTrue(inserted);

        assertEquals(Optional.of(new JournalRepository.Posted(sale, null)),
                repository.find(sale.id()).await().atMost(Duration.ofSeconds(10)));
        assertEquals(sale, tx(c -> repository.lockByCommandKey(c, sale.commandKey())).orElseThrow().entry());
        assertEquals(sale, tx(c -> repository.findSale(c, sale.paymentId())).orElseThrow().entry());
    }

    @Test
    void insert_secondSaleOfPaymentOrSecondReversal_returnsFalseAndWritesNothing() throws Exception {
        String payment = id("pay");
        JournalEntry sale = sale(payment, 250);
        tx(c -> repository.insert(c, sale));
        JournalEntry reversal = sale.reversal(UUID.randomUUID(), id("rkey"), "failed", T0);
        tx(c -> repository.insert(c, reversal));

        boolean secondSale = tx(c -> repository.insert(c, sale(payment, 250)));
        boolean secondReversal = tx(c -> repository.insert(c, sale.reversal(UUID.randomUUID(), id("rkey"), "again",
                T0)));
        assertFalse(secondSale);
        assertFalse(secondReversal);
        assertEquals(4, TestDatabase.count("SELECT count(*) FROM journal_line l JOIN journal_entry e"
                + " ON e.id = l.entry_id WHERE e.payment_id = ?", payment));
        var posted = repository.find(sale.id()).await().atMost(Duration.ofSeconds(10)).orElseThrow();
        assertEquals(reversal.id(), posted.reversedBy());
        assertEquals(reversal, tx(c -> repository.findReversal(c, sale.id())).orElseThrow().entry());
    }

    @Test
    void commit_unbalancedEntry_refusedByConstraintTrigger() throws Exception {
        UUID entry = UUID.randomUUID();
        try (var c = connect()) {
            c.setAutoCommit(false);
            try (var s = c.createStatement()) {
                s.execute(insertEntry(entry) + insertLine(entry, 1, "DEBIT", 100) + insertLine(entry, 2, "CREDIT", 99));
            }
            var refused = assertThrows(PSQLException.class, c::commit);
            assertEquals("journal_entry_balanced", refused.getServerErrorMessage().getConstraint());
            assertEquals("journal entry %s does not balance: debits minus credits are EUR 1".formatted(entry),
                    refused.getServerErrorMessage().getMessage());
        }
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM journal_entry WHERE id = ?::uuid", entry.toString()));
    }

    @Test
    void commit_entryWithoutLines_refusedByConstraintTrigger() throws Exception {
        UUID entry = UUID.randomUUID();
        try (var c = connect()) {
            c.setAutoCommit(false);
            try (var s = c.createStatement()) {
                s.execute(insertEntry(entry));
            }
            var refused = assertThrows(PSQLException.class, c::commit);
            assertEquals("journal entry %s has 0 line(s); an entry needs at least two".formatted(entry),
                    refused.getServerErrorMessage().getMessage());
        }
    }

    @Test
    void updateOrDelete_postedEntry_refusedAsAppendOnly() throws Exception {
        JournalEntry sale = sale(id("pay"), 250);
        tx(c -> repository.insert(c, sale));

        try (var c = connect(); var s = c.createStatement()) {
            var update = assertThrows(SQLException.class, () -> s.execute(
                    "UPDATE journal_line SET amount_minor = 1 WHERE entry_id = '%s'".formatted(sale.id())));
            assertEquals("ERROR: the journal is append-only: UPDATE on journal_line refused (post a reversal instead)",
                    update.getMessage().lines().findFirst().orElseThrow());
            var delete = assertThrows(SQLException.class, () -> s.execute(
                    "DELETE FROM journal_entry WHERE id = '%s'".formatted(sale.id())));
            assertTrue(delete.getMessage().startsWith("ERROR: the journal is append-only: DELETE on journal_entry"));
        }
        assertEquals(sale, repository.find(sale.id()).await().atMost(Duration.ofSeconds(10)).orElseThrow().entry());
    }

    private static String insertEntry(UUID entry) {
        return """
                INSERT INTO journal_entry (id, kind, payment_id, customer_id, description, command_key, posted_at)
                VALUES ('%1$s', 'SALE', 'pay-%1$s', 'c', 'by hand', 'k-%1$s', now());
                """.formatted(entry);
    }

    private static String insertLine(UUID entry, int no, String side, long amount) {
        return """
                INSERT INTO journal_line (entry_id, line_no, account_code, side, amount_minor, currency)
                VALUES ('%s', %d, '%s', '%s', %d, 'EUR');
                """.formatted(entry, no, no == 1 ? "receivable:gateway" : "revenue:sales", side, amount);
    }
}
