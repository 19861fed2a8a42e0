package dev.baton.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.fraud.config.FraudConfig;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules as a pure function: which fire, in which order, the worst verdict and the capped score. */
class RiskRulesTest {

    record Threshold(long review, long reject) implements FraudConfig.AmountThreshold {
    }

    record Limit(int maxCount, Map<String, Long> maxAmount) implements FraudConfig.Velocity.Limit {
    }

    record Velocity(Duration window, Verdict verdict, FraudConfig.Velocity.Limit customer,
            FraudConfig.Velocity.Limit token) implements FraudConfig.Velocity {
    }

    record Seeds(Optional<List<String>> customers, Optional<List<String>> tokens,
            Optional<List<String>> emailDomains, Optional<List<String>> countries) implements FraudConfig.Blocklist {
    }

    record Config(Map<String, FraudConfig.AmountThreshold> amount, FraudConfig.Velocity velocity,
            FraudConfig.Blocklist blocklist, Verdict countryMismatch) implements FraudConfig {
    }

    private static Config config(Verdict velocityVerdict, Verdict mismatch) {
        return new Config(Map.of("EUR", new Threshold(100, 500)),
                new Velocity(Duration.ofHours(1), velocityVerdict, new Limit(3, Map.of("EUR", 1_000L)),
                        new Limit(2, Map.of())),
                new Seeds(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), mismatch);
    }

    private static final RiskRules RULES = new RiskRules(config(Verdict.REVIEW, Verdict.REVIEW));
    private static final RiskRules.History NONE = new RiskRules.History(0, 0, 0, 0);

    private static RiskRules.Subject subject(long amount, String currency, String billing, String ip) {
        return new RiskRules.Subject("c1", "a@b.example", amount, currency, "tok_x", billing, ip);
    }

    private static List<String> rules(RiskRules.Evaluation e) {
        return e.reasons().stream().map(Reason::rule).toList();
    }

    @Test
    void evaluate_nothingFires_approvesWithScoreZero() {
        var e = RULES.evaluate(subject(100, "EUR", "DE", "DE"), List.of(), NONE);
        assertEquals(new RiskRules.Evaluation(Verdict.APPROVE, 0, List.of()), e);
    }

    @Test
    void evaluate_amountThresholds_areStrictlyAbove() {
        assertEquals(Verdict.APPROVE, RULES.evaluate(subject(100, "EUR", null, null), List.of(), NONE).verdict());
        assertEquals(Verdict.REVIEW, RULES.evaluate(subject(101, "EUR", null, null), List.of(), NONE).verdict());
        assertEquals(Verdict.REVIEW, RULES.evaluate(subject(500, "EUR", null, null), List.of(), NONE).verdict());
        assertEquals(Verdict.REJECT, RULES.evaluate(subject(501, "EUR", null, null), List.of(), NONE).verdict());
        assertEquals(Verdict.APPROVE, RULES.evaluate(subject(501, "CHF", null, null), List.of(), NONE).verdict());
    }

    @Test
    void evaluate_velocity_countsThisAssessmentAndAmountsInItsCurrency() {
        var atLimit = new RiskRules.History(2, 800, 1, 0);
        assertEquals(List.of(), rules(RULES.evaluate(subject(100, "EUR", null, null), List.of(), atLimit)));
        var over = new RiskRules.History(3, 901, 2, 0);
        assertEquals(List.of("velocity.customer.count", "velocity.customer.amount", "velocity.token.count"),
                rules(RULES.evaluate(subject(100, "EUR", null, null), List.of(), over)));
    }

    @Test
    void evaluate_everythingFires_listsAllInOrderTakesTheWorstAndCapsTheScore() {
        var blocked = List.of(new BlocklistEntry(BlocklistKind.COUNTRY, "KP", null, "API", OffsetDateTime.now()));
        var e = RULES.evaluate(subject(200, "EUR", "DE", "KP"), blocked, new RiskRules.History(5, 0, 0, 0));
        assertEquals(List.of("blocklist.country", "amount.review", "velocity.customer.count", "country.mismatch"),
                rules(e));
        assertEquals(Verdict.REJECT, e.verdict());
        assertEquals(100, e.score());
        assertEquals("country KP is blocked", e.reasons().getFirst().detail());
    }

    @Test
    void evaluate_configuredVerdicts_velocityRejectsAndMismatchOnlyScores() {
        var strict = new RiskRules(config(Verdict.REJECT, Verdict.APPROVE));
        assertEquals(Verdict.REJECT, strict.evaluate(subject(10, "EUR", null, null), List.of(),
                new RiskRules.History(3, 0, 0, 0)).verdict());
        var mismatch = strict.evaluate(subject(10, "EUR", "DE", "FR"), List.of(), NONE);
        assertEquals(Verdict.APPROVE, mismatch.verdict());
        assertEquals(30, mismatch.score());
    }
}
