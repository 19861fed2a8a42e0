package dev.baton.fraud.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.fraud.Assessment;
import dev.baton.fraud.Reason;
import dev.baton.fraud.RiskRules;
import dev.baton.fraud.Verdict;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persistence of assessments: writes, locks and velocity counts take the caller's transaction, reads the pool. */
@ApplicationScoped
public class AssessmentRepository {

    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper mapper;

    public AssessmentRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    public Uni<Void> insert(SqlConnection tx, Assessment a) {
        // A JsonArray, not a String: the client would send a String to a jsonb parameter as one JSON string.
        JsonArray reasons;
        try {
            reasons = new JsonArray(mapper.writeValueAsString(a.reasons()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return tx.preparedQuery(AssessmentQueries.AssessmentInsert)
                .execute(Tuple.from(Arrays.asList(a.id(), a.assessmentKey(), a.paymentId(), a.customerId(),
                        a.customerEmail(), a.amountMinor(), a.currency(), a.paymentMethodToken(), a.billingCountry(),
                        a.ipCountry(), a.verdict().name(), a.score(), reasons, a.assessedAt())))
                .replaceWithVoid();
    }

    /**
     * Locks the customer and the token for the rest of {@code tx}: concurrent assessments of either run one after
     * another, so each one's velocity count includes the ones before it.
     */
    public Uni<Void> lockSubjects(SqlConnection tx, String customerId, String token) {
        return tx.preparedQuery(AssessmentQueries.AssessmentLockSubjects)
                .execute(Tuple.of(new String[] {"customer:" + customerId, "token:" + token}))
                .replaceWithVoid();
    }

    /** The earlier assessments of the customer and the token in ({@code from}, {@code now}]. */
    public Uni<RiskRules.History> history(SqlConnection tx, String customerId, String token, String currency,
            OffsetDateTime from, OffsetDateTime now) {
        return tx.preparedQuery(AssessmentQueries.AssessmentVelocity)
                .execute(Tuple.of(customerId, token, currency, from, now))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new RiskRules.History(r.getLong("customer_count"), r.getLong("customer_amount"),
                            r.getLong("token_count"), r.getLong("token_amount"));
                });
    }

    public Uni<Optional<Assessment>> find(UUID id) {
        return pool.preparedQuery(AssessmentQueries.AssessmentFind).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toAssessment(rows.iterator().next())));
    }

    /** Oldest first; a null filter matches everything. */
    public Uni<List<Assessment>> list(String paymentId, String customerId, int limit) {
        return pool.preparedQuery(AssessmentQueries.AssessmentList)
                .execute(Tuple.tuple().addString(paymentId).addString(customerId).addInteger(limit))
                .map(this::all);
    }

    private List<Assessment> all(RowSet<Row> rows) {
        var out = new ArrayList<Assessment>(rows.size());
        rows.forEach(r -> out.add(toAssessment(r)));
        return out;
    }

    private Assessment toAssessment(Row r) {
        List<Reason> reasons;
        try {
            reasons = mapper.readValue(r.getString("reasons"), REASONS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return new Assessment(r.getUUID("id"), r.getString("assessment_key"), r.getString("payment_id"),
                r.getString("customer_id"), r.getString("customer_email"), r.getLong("amount_minor"),
                r.getString("currency"), r.getString("payment_method_token"), r.getString("billing_country"),
                r.getString("ip_country"), Verdict.valueOf(r.getString("verdict")), r.getInteger("score"), reasons,
                r.getOffsetDateTime("assessed_at"));
    }
}
