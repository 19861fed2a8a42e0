package dev.baton.fraud;

import dev.baton.fraud.config.FraudConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules, as a pure function of what is assessed, what the block lists matched and what velocity counted, so each
 * rule is testable without a database. Order of evaluation (and of reasons): block lists, amount, velocity,
 * countries. Risk points per rule, summed and capped at 100: block list 100, amount reject 90, amount review 50,
 * velocity 60, country mismatch 30. The verdict is the worst verdict of the rules that fired, never a score cut-off.
 */
public final class RiskRules {

    /** What is assessed. Countries may be null (not given). */
    public record Subject(String customerId, String customerEmail, long amountMinor, String currency, String token,
            String billingCountry, String ipCountry) {
    }

    /**
     * The earlier assessments within the velocity window (not counting this one): every attempt counts; amounts are
     * the approved ones in this subject's currency.
     */
    public record History(long customerCount, long customerAmountMinor, long tokenCount, long tokenAmountMinor) {
    }

    /** The judgement. */
    public record Evaluation(Verdict verdict, int score, List<Reason> reasons) {
    }

    private final FraudConfig config;

    public RiskRules(FraudConfig config) {
        this.config = config;
    }

    public Evaluation evaluate(Subject s, List<BlocklistEntry> blocked, History history) {
        var reasons = new ArrayList<Reason>();
        for (BlocklistEntry e : blocked) {
            reasons.add(new Reason("blocklist." + e.kind().name().toLowerCase().replace('_', '-'),
                    "%s %s is blocked%s".formatted(describe(e.kind()), e.value(),
                            e.reason() == null || e.reason().isBlank() ? "" : " (" + e.reason() + ")"),
                    Verdict.REJECT, 100));
        }
        amount(s, reasons);
        velocity(s, history, reasons);
        if (s.billingCountry() != null && s.ipCountry() != null && !s.billingCountry().equals(s.ipCountry())) {
            reasons.add(new Reason("country.mismatch", "billing country %s, IP country %s".formatted(s.billingCountry(),
                    s.ipCountry()), config.countryMismatch(), 30));
        }
        Verdict verdict = reasons.stream().map(Reason::verdict).reduce(Verdict.APPROVE, Verdict::worst);
        int score = Math.min(100, reasons.stream().mapToInt(Reason::score).sum());
        return new Evaluation(verdict, score, List.copyOf(reasons));
    }

    private void amount(Subject s, List<Reason> reasons) {
        FraudConfig.AmountThreshold t = config.amount().get(s.currency());
        if (t == null) {
            return;
        }
        if (s.amountMinor() > t.reject()) {
            reasons.add(new Reason("amount.reject", "%d %s is above the reject threshold %d".formatted(s.amountMinor(),
                    s.currency(), t.reject()), Verdict.REJECT, 90));
        } else if (s.amountMinor() > t.review()) {
            reasons.add(new Reason("amount.review", "%d %s is above the review threshold %d".formatted(s.amountMinor(),
                    s.currency(), t.review()), Verdict.REVIEW, 50));
        }
    }

    private void velocity(Subject s, History h, List<Reason> reasons) {
        FraudConfig.Velocity v = config.velocity();
        limit("customer", "customer " + s.customerId(), v.customer(), h.customerCount(), h.customerAmountMinor(), s,
                reasons);
        limit("token", "token " + s.token(), v.token(), h.tokenCount(), h.tokenAmountMinor(), s, reasons);
    }

    private void limit(String subject, String who, FraudConfig.Velocity.Limit limit, long earlierCount,
            long earlierAmount, Subject s, List<Reason> reasons) {
        FraudConfig.Velocity v = config.velocity();
        long count = earlierCount + 1;
        if (count > limit.maxCount()) {
            reasons.add(new Reason("velocity." + subject + ".count", "%s: %d assessments within %s, limit %d"
                    .formatted(who, count, v.window(), limit.maxCount()), v.verdict(), 60));
        }
        Long maxAmount = limit.maxAmount().get(s.currency());
        long amount = earlierAmount + s.amountMinor();
        if (maxAmount != null && amount > maxAmount) {
            reasons.add(new Reason("velocity." + subject + ".amount", "%s: %d %s within %s, limit %d"
                    .formatted(who, amount, s.currency(), v.window(), maxAmount), v.verdict(), 60));
        }
    }

    private static String describe(BlocklistKind kind) {
        return switch (kind) {
            case CUSTOMER -> "customer";
            case TOKEN -> "payment method token";
            case EMAIL_DOMAIN -> "e-mail domain";
            case COUNTRY -> "country";
        };
    }
}
