package dev.baton.fraud.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.fraud.Assessment;
import dev.baton.fraud.BlocklistKind;
import dev.baton.fraud.Reason;
import dev.baton.fraud.RiskRules;
import dev.baton.fraud.Verdict;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Velocity counting at window edges, block-list matching, and the CHECKs on assessments. */
@QuarkusTest
class AssessmentRepositoryTest {

    @Inject
    AssessmentRepository assessments;

    @Inject
    BlocklistRepository blocklist;

    @Inject
    Pool pool;

    private static final OffsetDateTime T = OffsetDateTime.of(2032, 1, 1, 10, 0, 0, 0, ZoneOffset.UTC);

    private void store(String customer, String token, long amount, String currency, OffsetDateTime at) {
        store(customer, token, amount, currency, at, Verdict.APPROVE);
    }

    private void store(String customer, String token, long amount, String currency, OffsetDateTime at,
            Verdict verdict) {
        List<Reason> reasons = verdict == Verdict.APPROVE ? List.of()
                : List.of(new Reason("amount.review", "x", verdict, 50));
        var a = new Assessment(UUID.randomUUID(), "k-" + UUID.randomUUID(), "p-" + UUID.randomUUID(), customer, null,
                amount, currency, token, null, null, verdict, reasons.isEmpty() ? 0 : 50, reasons, at);
        pool.withTransaction(tx -> assessments.insert(tx, a)).await().atMost(Duration.ofSeconds(10));
    }

    private RiskRules.History history(String customer, String token, String currency, OffsetDateTime from,
            OffsetDateTime now) {
        return pool.withTransaction(tx -> assessments.history(tx, customer, token, currency, from, now)).await()
                .atMost(Duration.ofSeconds(10));
    }

    @Test
    void history_windowEdges_excludeTheStartIncludeTheEndAndSumOnlyApprovedInTheCurrency() {
        String customer = "cus-" + UUID.randomUUID();
        String token = "tok_" + UUID.randomUUID().toString().replace("-", "");
        store(customer, "tok_other", 100, "EUR", T.minusHours(1));        // at the start: out
        store(customer, "tok_other", 200, "EUR", T.minusMinutes(59));     // in
        store(customer, token, 300, "USD", T);                            // at the end: in, but USD
        store("cus-other-" + customer, token, 400, "EUR", T.minusMinutes(1)); // the token, another customer
        store(customer, token, 500, "EUR", T.plusSeconds(1));             // after now: out
        store(customer, "tok_other", 600, "EUR", T.minusMinutes(2), Verdict.REVIEW); // counts, adds no amount

        assertEquals(new RiskRules.History(3, 200, 2, 400), history(customer, token, "EUR", T.minusHours(1), T));
    }

    @Test
    void matching_addressDomainAndItsParents_findTheListedOnes() {
        String domain = "m" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        blocklist.insert(BlocklistKind.EMAIL_DOMAIN, domain, null, "API", T).await().atMost(Duration.ofSeconds(5));
        var found = pool.withConnection(c -> blocklist.matching(c, "nobody", "tok_none",
                List.of("a." + domain, domain, "example"), List.of("DE"))).await().atMost(Duration.ofSeconds(5));
        assertEquals(List.of(domain), found.stream().map(e -> e.value()).toList());
    }

    @Test
    void checks_unknownVerdictOrApproveWithReasons_areRefused() {
        String insert = "INSERT INTO fraud_assessment (id, assessment_key, payment_id, customer_id, amount_minor,"
                + " currency, payment_method_token, verdict, score, reasons, assessed_at)"
                + " VALUES ($1, $2, 'p', 'c', 100, 'EUR', 'tok_x', $3, 0, $4::text::jsonb, now())";
        var unknown = assertThrows(Exception.class, () -> pool.preparedQuery(insert)
                .execute(Tuple.of(UUID.randomUUID(), "k-" + UUID.randomUUID(), "HOLD", "[{\"rule\":\"x\"}]")).await()
                .atMost(Duration.ofSeconds(5)));
        assertTrue(unknown.getMessage().contains("fraud_assessment_verdict_check"), unknown.getMessage());
        var approveWithReasons = assertThrows(Exception.class, () -> pool.preparedQuery(insert)
                .execute(Tuple.of(UUID.randomUUID(), "k-" + UUID.randomUUID(), "APPROVE",
                        "[{\"rule\":\"amount.review\"}]")).await().atMost(Duration.ofSeconds(5)));
        assertTrue(approveWithReasons.getMessage().contains("fraud_assessment_reasons_check"));
        var reviewWithout = assertThrows(Exception.class, () -> pool.preparedQuery(insert)
                .execute(Tuple.of(UUID.randomUUID(), "k-" + UUID.randomUUID(), "REVIEW", "[]")).await()
                .atMost(Duration.ofSeconds(5)));
        assertTrue(reviewWithout.getMessage().contains("fraud_assessment_reasons_check"));
    }

    @Test
    void insert_reasons_roundTripThroughJsonb() {
        String customer = "cus-" + UUID.randomUUID();
        var reasons = List.of(new Reason("amount.review", "150000 EUR is above the review threshold 100000",
                Verdict.REVIEW, 50));
        var a = new Assessment(UUID.randomUUID(), "k-" + UUID.randomUUID(), "p-" + customer, customer, "a@b.example",
                150_000, "EUR", "tok_x", "DE", "FR", Verdict.REVIEW, 50, reasons, T);
        pool.withTransaction(tx -> assessments.insert(tx, a)).await().atMost(Duration.ofSeconds(5));
        assertEquals(a, assessments.find(a.id()).await().atMost(Duration.ofSeconds(5)).orElseThrow());
    }
}
