package dev.baton.fraud.service;

import dev.baton.contracts.EventTypes;
import dev.baton.fraud.Assessment;
import dev.baton.fraud.Reason;
import dev.baton.fraud.RiskRules;
import dev.baton.fraud.config.FraudConfig;
import dev.baton.fraud.repository.AssessmentRepository;
import dev.baton.fraud.repository.BlocklistRepository;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.outbox.OutboxEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Assesses a payment inside the transaction {@code IdempotentCommands} opened for its key: locks the customer and
 * the token, reads the block lists and the velocity history, applies {@link RiskRules}, stores the assessment and
 * states it as dev.baton.fraud.assessed.v1, all in that one transaction.
 */
@ApplicationScoped
public class AssessmentService {

    /** An assess command; e-mail and countries may be null. */
    public record NewAssessment(String paymentId, String customerId, String customerEmail, long amountMinor,
            String currency, String paymentMethodToken, String billingCountry, String ipCountry) {
    }

    /** Data of dev.baton.fraud.assessed.v1: the reasons as rule names. */
    record FraudAssessed(String assessmentId, String paymentId, String customerId, String verdict, int score,
            List<String> reasons) {
    }

    private final AssessmentRepository assessments;
    private final BlocklistRepository blocklist;
    private final RiskRules rules;
    private final FraudConfig config;
    private final RuleClock clock;
    private final Outbox outbox;

    public AssessmentService(AssessmentRepository assessments, BlocklistRepository blocklist, FraudConfig config,
            RuleClock clock, Outbox outbox) {
        this.assessments = assessments;
        this.blocklist = blocklist;
        this.rules = new RiskRules(config);
        this.config = config;
        this.clock = clock;
        this.outbox = outbox;
    }

    public Uni<Assessment> assess(SqlConnection tx, String key, NewAssessment c) {
        var subject = new RiskRules.Subject(c.customerId(), c.customerEmail(), c.amountMinor(), c.currency(),
                c.paymentMethodToken(), c.billingCountry(), c.ipCountry());
        var countries = Stream.of(c.billingCountry(), c.ipCountry()).filter(x -> x != null).distinct().toList();
        return assessments.lockSubjects(tx, c.customerId(), c.paymentMethodToken())
                // "now" only once the locks are held: an assessment that waited must see the one it waited for as
                // earlier than itself, or its velocity window would end before it.
                .chain(() -> blocklist.matching(tx, c.customerId(), c.paymentMethodToken(),
                        domainsOf(c.customerEmail()), countries))
                .chain(blocked -> {
                    OffsetDateTime now = clock.now();
                    return assessments.history(tx, c.customerId(), c.paymentMethodToken(), c.currency(),
                                    now.minus(config.velocity().window()), now)
                            .map(history -> rules.evaluate(subject, blocked, history))
                            .map(e -> new Assessment(UUID.randomUUID(), key, c.paymentId(), c.customerId(),
                                    c.customerEmail(), c.amountMinor(), c.currency(), c.paymentMethodToken(),
                                    c.billingCountry(), c.ipCountry(), e.verdict(), e.score(), e.reasons(), now));
                })
                .call(a -> assessments.insert(tx, a))
                .call(a -> outbox.append(tx, OutboxEvent.of(EventTypes.FRAUD_ASSESSED, a.paymentId(),
                        new FraudAssessed(a.id().toString(), a.paymentId(), a.customerId(), a.verdict().name(),
                                a.score(), a.reasons().stream().map(Reason::rule).toList()))
                        .withId(key).at(a.assessedAt())));
    }

    /** The address's domain and every parent domain, lower-case: {@code a.example.com}, {@code example.com}, ... */
    static List<String> domainsOf(String email) {
        if (email == null || email.indexOf('@') < 0) {
            return List.of();
        }
        String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        var out = new ArrayList<String>();
        while (!domain.isEmpty()) {
            out.add(domain);
            int dot = domain.indexOf('.');
            domain = dot < 0 ? "" : domain.substring(dot + 1);
        }
        return out;
    }
}
