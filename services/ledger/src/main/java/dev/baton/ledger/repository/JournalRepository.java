package dev.baton.ledger.repository;

import dev.baton.ledger.AccountBalance;
import dev.baton.ledger.AccountType;
import dev.baton.ledger.CurrencyTotal;
import dev.baton.ledger.EntryKind;
import dev.baton.ledger.Imbalance;
import dev.baton.ledger.JournalEntry;
import dev.baton.ledger.JournalLine;
import dev.baton.ledger.Side;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Persistence of the journal (entries and their lines). Writes take the caller's transaction; reads use the pool
 * unless given a connection. Nothing here updates or deletes: the tables refuse it.
 */
@ApplicationScoped
public class JournalRepository {

    /** An entry as stored, with the id of the entry that reversed it, if one did. */
    public record Posted(JournalEntry entry, UUID reversedBy) {
    }

    private final Pool pool;

    public JournalRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Inserts the entry and its lines.
     *
     * @return false, with nothing written, when a unique rule refused the entry (the payment has a sale already, or
     *         the reversed entry has a reversal already)
     */
    public Uni<Boolean> insert(SqlConnection tx, JournalEntry e) {
        return tx.preparedQuery(JournalEntryQueries.JOURNAL_ENTRY_INSERT)
                .execute(Tuple.from(Arrays.asList(e.id(), e.kind().name(), e.paymentId(), e.customerId(),
                        e.description(), e.commandKey(), e.reverses(), e.reason(), e.postedAt())))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    List<Tuple> lines = e.lines().stream().map(l -> Tuple.from(List.of(e.id(), l.lineNo(),
                            l.account(), l.side().name(), l.amountMinor(), l.currency()))).toList();
                    return tx.preparedQuery(JournalLineQueries.JOURNAL_LINE_INSERT).executeBatch(lines)
                            .replaceWith(true);
                });
    }

    public Uni<Optional<Posted>> find(SqlClient client, UUID id) {
        return one(client, client.preparedQuery(JournalEntryQueries.JOURNAL_ENTRY_FIND).execute(Tuple.of(id)));
    }

    public Uni<Optional<Posted>> find(UUID id) {
        return find(pool, id);
    }

    /** The entry posted by the command with Idempotency-Key {@code commandKey}, locked for this transaction. */
    public Uni<Optional<Posted>> lockByCommandKey(SqlConnection tx, String commandKey) {
        return one(tx, tx.preparedQuery(JournalEntryQueries.JOURNAL_ENTRY_LOCK_BY_COMMAND_KEY)
                .execute(Tuple.of(commandKey)));
    }

    /** The sale of a payment, if posted. */
    public Uni<Optional<Posted>> findSale(SqlClient client, String paymentId) {
        return one(client, client.preparedQuery(JournalEntryQueries.JOURNAL_ENTRY_FIND_SALE)
                .execute(Tuple.of(paymentId)));
    }

    /** The reversal of entry {@code id}, if posted. */
    public Uni<Optional<Posted>> findReversal(SqlClient client, UUID id) {
        return one(client, client.preparedQuery(JournalEntryQueries.JOURNAL_ENTRY_FIND_REVERSAL)
                .execute(Tuple.of(id)));
    }

    /** Entries of a payment (or all, when null), oldest first, at most {@code limit}. */
    public Uni<List<Posted>> list(String paymentId, int limit) {
        return withLines(pool, pool.preparedQuery(JournalEntryQueries.JOURNAL_ENTRY_LIST)
                .execute(Tuple.from(Arrays.asList(paymentId, limit))));
    }

    /** Per account and currency (one currency, or all when null), ordered by currency and account. */
    public Uni<List<AccountBalance>> sumPerAccount(SqlClient client, String currency) {
        return client.preparedQuery(JournalLineQueries.JOURNAL_LINE_SUM_PER_ACCOUNT)
                .execute(Tuple.from(Arrays.asList(currency))).map(rows -> {
                    var balances = new ArrayList<AccountBalance>();
                    rows.forEach(r -> balances.add(AccountBalance.of(r.getString("account_code"),
                            AccountType.valueOf(r.getString("type")), r.getString("currency"),
                            r.getLong("debit_minor"), r.getLong("credit_minor"))));
                    return balances;
                });
    }

    /** Per currency across all accounts (one currency, or all when null). */
    public Uni<List<CurrencyTotal>> sumPerCurrency(SqlClient client, String currency) {
        return client.preparedQuery(JournalLineQueries.JOURNAL_LINE_SUM_PER_CURRENCY)
                .execute(Tuple.from(Arrays.asList(currency))).map(rows -> {
                    var totals = new ArrayList<CurrencyTotal>();
                    rows.forEach(r -> totals.add(CurrencyTotal.of(r.getString("currency"), r.getLong("debit_minor"),
                            r.getLong("credit_minor"))));
                    return totals;
                });
    }

    /** Every entry and currency whose lines do not sum to zero. */
    public Uni<List<Imbalance>> unbalancedEntries(SqlClient client) {
        return client.query(JournalLineQueries.JOURNAL_LINE_UNBALANCED_ENTRIES).execute().map(rows -> {
            var imbalances = new ArrayList<Imbalance>();
            rows.forEach(r -> imbalances.add(new Imbalance(Imbalance.Scope.ENTRY, r.getUUID("entry_id"),
                    r.getString("currency"), r.getLong("net_minor"))));
            return imbalances;
        });
    }

    private Uni<Optional<Posted>> one(SqlClient client, Uni<RowSet<Row>> query) {
        return withLines(client, query).map(list -> list.stream().findFirst());
    }

    /** Reads the entries of {@code query} and then all their lines in one statement. */
    private Uni<List<Posted>> withLines(SqlClient client, Uni<RowSet<Row>> query) {
        return query.chain(rows -> {
            var heads = new ArrayList<Row>();
            rows.forEach(heads::add);
            if (heads.isEmpty()) {
                return Uni.createFrom().item(List.<Posted>of());
            }
            UUID[] ids = heads.stream().map(r -> r.getUUID("id")).toArray(UUID[]::new);
            return client.preparedQuery(JournalLineQueries.JOURNAL_LINE_LIST_BY_ENTRIES)
                    .execute(Tuple.tuple().addArrayOfUUID(ids)).map(lineRows -> {
                        Map<UUID, List<JournalLine>> lines = new HashMap<>();
                        lineRows.forEach(l -> lines.computeIfAbsent(l.getUUID("entry_id"), k -> new ArrayList<>())
                                .add(new JournalLine(l.getInteger("line_no"), l.getString("account_code"),
                                        Side.valueOf(l.getString("side")), l.getLong("amount_minor"),
                                        l.getString("currency"))));
                        return heads.stream().map(h -> toPosted(h, lines.getOrDefault(h.getUUID("id"), List.of())))
                                .toList();
                    });
        });
    }

    private static Posted toPosted(Row r, List<JournalLine> lines) {
        OffsetDateTime postedAt = r.getOffsetDateTime("posted_at");
        var entry = new JournalEntry(r.getUUID("id"), EntryKind.valueOf(r.getString("kind")),
                r.getString("payment_id"), r.getString("customer_id"), r.getString("description"),
                r.getString("command_key"), r.getUUID("reverses"), r.getString("reason"), postedAt, lines);
        return new Posted(entry, r.getUUID("reversed_by"));
    }
}
