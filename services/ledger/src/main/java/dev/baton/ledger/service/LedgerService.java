package dev.baton.ledger.service;

import dev.baton.ledger.Account;
import dev.baton.ledger.AccountBalance;
import dev.baton.ledger.CurrencyTotal;
import dev.baton.ledger.EntryKind;
import dev.baton.ledger.Imbalance;
import dev.baton.ledger.JournalEntry;
import dev.baton.ledger.JournalLine;
import dev.baton.ledger.Side;
import dev.baton.ledger.config.LedgerConfig;
import dev.baton.ledger.repository.AccountRepository;
import dev.baton.ledger.repository.JournalRepository;
import dev.baton.ledger.repository.JournalRepository.Posted;
import dev.baton.platform.rest.Problem;
import dev.baton.platform.rest.ProblemException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The ledger's use cases. Commands (post, reverse) run inside the transaction that
 * {@link dev.baton.platform.command.IdempotentCommands} opened for their Idempotency-Key, so the entry and the stored
 * response commit together or not at all; reads are plain queries.
 */
@ApplicationScoped
public class LedgerService {

    /** A payment's sale, as asked for. */
    public record NewSale(String paymentId, String customerId, long amountMinor, String currency,
            String description) {
    }

    /** What a reverse command did. */
    public enum ReverseStatus {
        /** This command posted the reversal. */
        REVERSED,
        /** An earlier command (under another key) reversed the sale; nothing new was posted. */
        ALREADY_REVERSED,
        /** No sale exists for the forward key: the post never applied (and now never will). */
        NOTHING_TO_REVERSE
    }

    /** The outcome of a reverse command; {@code reversal} is empty for NOTHING_TO_REVERSE. */
    public record Reversal(ReverseStatus status, Optional<JournalEntry> reversal) {
    }

    /** The result of the invariant checks; {@code balanced} when {@code imbalances} is empty. */
    public record Invariants(boolean balanced, List<Imbalance> imbalances, List<CurrencyTotal> totals,
            OffsetDateTime checkedAt) {
    }

    private final JournalRepository journal;
    private final AccountRepository accounts;
    private final LedgerConfig config;
    private final Pool pool;

    public LedgerService(JournalRepository journal, AccountRepository accounts, LedgerConfig config, Pool pool) {
        this.journal = journal;
        this.accounts = accounts;
        this.config = config;
        this.pool = pool;
    }

    /** Refuses to start when the configured sale accounts are not in the chart (runs after the migrations). */
    void checkChart(@Observes StartupEvent event) {
        Set<String> chart = accounts.list().await().atMost(Duration.ofSeconds(30)).stream().map(Account::code)
                .collect(Collectors.toSet());
        for (String account : List.of(config.sale().debitAccount(), config.sale().creditAccount())) {
            if (!chart.contains(account)) {
                throw new IllegalStateException("baton.ledger.sale names account '%s', which is not in the chart %s"
                        .formatted(account, chart.stream().sorted().toList()));
            }
        }
    }

    /**
     * Posts the sale of a payment: debit {@code baton.ledger.sale.debit-account}, credit
     * {@code baton.ledger.sale.credit-account}, the payment's amount each. 409 when the payment has a sale already.
     */
    public Uni<JournalEntry> post(SqlConnection tx, String key, NewSale sale) {
        String description = sale.description() == null || sale.description().isBlank()
                ? "Sale, payment " + sale.paymentId() : sale.description();
        var entry = new JournalEntry(UUID.randomUUID(), EntryKind.SALE, sale.paymentId(), sale.customerId(),
                description, key, null, null, now(), List.of(
                        new JournalLine(1, config.sale().debitAccount(), Side.DEBIT, sale.amountMinor(),
                                sale.currency()),
                        new JournalLine(2, config.sale().creditAccount(), Side.CREDIT, sale.amountMinor(),
                                sale.currency())));
        return journal.insert(tx, entry).chain(inserted -> inserted
                ? Uni.createFrom().item(entry)
                : journal.findSale(tx, sale.paymentId()).map(existing -> {
                    throw new ProblemException(409, "entry-exists", "Payment has a sale entry",
                            "Payment %s already has sale entry %s".formatted(sale.paymentId(),
                                    existing.map(p -> p.entry().id().toString()).orElse("?")));
                }));
    }

    /**
     * The compensation of post: posts the reversal of the sale the command {@code forwardKey} posted (every line's
     * side swapped). Nothing to reverse when that command never applied ({@code forwardApplied} false) or posted no
     * entry; a sale reversed already is not reversed again. 422 when the forward key names a reversal, or the sale
     * belongs to another payment or customer.
     */
    public Uni<Reversal> reverse(SqlConnection tx, boolean forwardApplied, String forwardKey, String paymentId,
            String customerId, String reason, String key) {
        if (!forwardApplied) {
            return Uni.createFrom().item(new Reversal(ReverseStatus.NOTHING_TO_REVERSE, Optional.empty()));
        }
        return journal.lockByCommandKey(tx, forwardKey).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(new Reversal(ReverseStatus.NOTHING_TO_REVERSE, Optional.empty()));
            }
            JournalEntry sale = found.get().entry();
            requireReversibleSale(sale, paymentId, customerId);
            if (found.get().reversedBy() != null) {
                return alreadyReversed(tx, sale);
            }
            JournalEntry reversal = sale.reversal(UUID.randomUUID(), key, reason, now());
            return journal.insert(tx, reversal).chain(inserted -> inserted
                    ? Uni.createFrom().item(new Reversal(ReverseStatus.REVERSED, Optional.of(reversal)))
                    : alreadyReversed(tx, sale));
        });
    }

    public Uni<Posted> get(UUID id) {
        return journal.find(id).map(found -> found.orElseThrow(() -> new ProblemException(404, "entry-not-found",
                "Journal entry not found", "No journal entry " + id)));
    }

    /** Entries of a payment (all when null), oldest first. */
    public Uni<List<Posted>> list(String paymentId, int limit) {
        return journal.list(paymentId, limit);
    }

    /** Balances per account in one currency, or in every currency when null. */
    public Uni<List<AccountBalance>> balances(String currency) {
        return journal.sumPerAccount(pool, currency);
    }

    /** The chart of accounts. */
    public Uni<List<Account>> accounts() {
        return accounts.list();
    }

    /**
     * Checks, on one snapshot of the journal, that every entry sums to zero per currency and that debits equal
     * credits per currency across all accounts. Reads every line: meant for operators and system tests, not for
     * hot paths.
     */
    public Uni<Invariants> invariants() {
        return pool.withTransaction(tx -> tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .execute()
                .chain(ignored -> journal.unbalancedEntries(tx))
                .chain(entries -> journal.sumPerCurrency(tx, null).map(totals -> {
                    var imbalances = new ArrayList<>(entries);
                    totals.stream().filter(t -> t.netMinor() != 0).forEach(t -> imbalances.add(
                            new Imbalance(Imbalance.Scope.TOTAL, null, t.currency(), t.netMinor())));
                    return new Invariants(imbalances.isEmpty(), imbalances, totals, now());
                })));
    }

    private Uni<Reversal> alreadyReversed(SqlConnection tx, JournalEntry sale) {
        return journal.findReversal(tx, sale.id()).map(r -> new Reversal(ReverseStatus.ALREADY_REVERSED,
                Optional.of(r.orElseThrow(() -> new IllegalStateException("Reversal of " + sale.id() + " vanished"))
                        .entry())));
    }

    private static void requireReversibleSale(JournalEntry entry, String paymentId, String customerId) {
        var violations = new ArrayList<Problem.Violation>();
        if (entry.kind() != EntryKind.SALE) {
            violations.add(new Problem.Violation("forwardKey",
                    "names %s entry %s; only a sale is reversed".formatted(entry.kind(), entry.id())));
        }
        if (!entry.paymentId().equals(paymentId)) {
            violations.add(new Problem.Violation("paymentId", "is %s but the entry of forwardKey belongs to payment %s"
                    .formatted(paymentId, entry.paymentId())));
        }
        if (!entry.customerId().equals(customerId)) {
            violations.add(new Problem.Violation("customerId",
                    "is %s but the entry of forwardKey belongs to customer %s".formatted(customerId,
                            entry.customerId())));
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(new Problem("urn:baton:problem:not-reversible", "Entry cannot be reversed",
                    422, "Journal entry %s cannot be reversed by this request".formatted(entry.id()), null,
                    violations));
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
