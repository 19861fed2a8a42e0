package dev.baton.gateway.repository;

import dev.baton.gateway.Authorization;
import dev.baton.gateway.AuthorizationState;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persistence of authorizations: writes and locking reads take the caller's transaction, plain reads the pool. */
@ApplicationScoped
public class AuthorizationRepository {

    private final Pool pool;

    public AuthorizationRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(SqlConnection tx, Authorization a) {
        return tx.preparedQuery(AuthorizationQueries.AuthorizationInsert)
                .execute(Tuple.from(Arrays.asList(a.id(), a.authorizeKey(), a.paymentId(), a.customerId(),
                        a.amountMinor(), a.currency(), a.paymentMethodToken(), a.state().name(), a.declineCode(),
                        a.createdAt())))
                .replaceWithVoid();
    }

    public Uni<Optional<Authorization>> find(UUID id) {
        return pool.preparedQuery(AuthorizationQueries.AuthorizationFind).execute(Tuple.of(id)).map(this::first);
    }

    /** The authorization the authorize command with {@code key} created, locked for the rest of {@code tx}. */
    public Uni<Optional<Authorization>> findByKeyForUpdate(SqlConnection tx, String key) {
        return tx.preparedQuery(AuthorizationQueries.AuthorizationFindByKeyForUpdate).execute(Tuple.of(key))
                .map(this::first);
    }

    /** The authorization {@code id}, locked for the rest of {@code tx}. */
    public Uni<Optional<Authorization>> findForUpdate(SqlConnection tx, UUID id) {
        return tx.preparedQuery(AuthorizationQueries.AuthorizationFindForUpdate).execute(Tuple.of(id))
                .map(this::first);
    }

    public Uni<List<Authorization>> listByPayment(SqlClient client, String paymentId) {
        return client.preparedQuery(AuthorizationQueries.AuthorizationListByPayment).execute(Tuple.of(paymentId))
                .map(this::all);
    }

    public Uni<List<Authorization>> listByPayment(String paymentId) {
        return listByPayment(pool, paymentId);
    }

    /** @return the voided authorization, or empty when it was not AUTHORIZED */
    public Uni<Optional<Authorization>> voidIfAuthorized(SqlConnection tx, UUID id, String reason,
            OffsetDateTime now) {
        return tx.preparedQuery(AuthorizationQueries.AuthorizationVoidIfAuthorized)
                .execute(Tuple.of(id, reason, now)).map(this::first);
    }

    /** @return the captured authorization, or empty when it was not AUTHORIZED or the amount is out of bounds */
    public Uni<Optional<Authorization>> captureIfAuthorized(SqlConnection tx, UUID id, long amountMinor,
            OffsetDateTime now) {
        return tx.preparedQuery(AuthorizationQueries.AuthorizationCaptureIfAuthorized)
                .execute(Tuple.of(id, amountMinor, now)).map(this::first);
    }

    /** @return the refunded authorization, or empty when it was not captured or the amount exceeds what is left */
    public Uni<Optional<Authorization>> refundIfCaptured(SqlConnection tx, UUID id, long amountMinor,
            OffsetDateTime now) {
        return tx.preparedQuery(AuthorizationQueries.AuthorizationRefundIfCaptured)
                .execute(Tuple.of(id, amountMinor, now)).map(this::first);
    }

    private Optional<Authorization> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(toAuthorization(rows.iterator().next()));
    }

    private List<Authorization> all(RowSet<Row> rows) {
        var out = new ArrayList<Authorization>(rows.size());
        rows.forEach(r -> out.add(toAuthorization(r)));
        return out;
    }

    private Authorization toAuthorization(Row r) {
        return new Authorization(r.getUUID("id"), r.getString("authorize_key"), r.getString("payment_id"),
                r.getString("customer_id"), r.getLong("amount_minor"), r.getString("currency"),
                r.getString("payment_method_token"), AuthorizationState.valueOf(r.getString("state")),
                r.getString("decline_code"), r.getLong("captured_minor"), r.getLong("refunded_minor"),
                r.getString("void_reason"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
    }
}
