package dev.baton.loyalty.repository;

import dev.baton.loyalty.OrderPointsState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Persistence of points; writes take the caller's transaction, reads use the pool. */
@ApplicationScoped
public class PointsRepository {

    /** An order's points as stored. */
    public record OrderPoints(String orderId, String customerId, long amountMinor, String currency, long earned,
            long refundedMinor, long reversed, OrderPointsState state) {
    }

    /** One balance change. */
    public record Entry(String orderId, String kind, String reference, long points, OffsetDateTime occurredAt) {
    }

    /** A customer's balance. */
    public record Account(String customerId, long balance, OffsetDateTime updatedAt) {
    }

    private final Pool pool;

    public PointsRepository(Pool pool) {
        this.pool = pool;
    }

    /** @return false when the order had earned already */
    public Uni<Boolean> insertOrder(SqlConnection tx, String orderId, String customerId, long amountMinor,
            String currency, long earned, OffsetDateTime at) {
        return tx.preparedQuery(PointsQueries.ORDER_POINTS_INSERT)
                .execute(Tuple.of(orderId, customerId, amountMinor, currency, earned, at))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<OrderPoints>> findOrderForUpdate(SqlConnection tx, String orderId) {
        return tx.preparedQuery(PointsQueries.ORDER_POINTS_FIND_FOR_UPDATE).execute(Tuple.of(orderId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toOrder(rows.iterator().next())));
    }

    /** @return false when the order was fully reversed already */
    public Uni<Boolean> updateOnRefund(SqlConnection tx, String orderId, long refundedMinor, long reversed,
            OrderPointsState state) {
        return tx.preparedQuery(PointsQueries.ORDER_POINTS_UPDATE_ON_REFUND)
                .execute(Tuple.of(orderId, refundedMinor, reversed, state.name()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** @return false when an entry of this kind and reference exists */
    public Uni<Boolean> insertEntry(SqlConnection tx, String customerId, String orderId, String kind,
            String reference, long points, OffsetDateTime at) {
        return tx.preparedQuery(PointsQueries.POINTS_ENTRY_INSERT)
                .execute(Tuple.of(customerId, orderId, kind, reference, points, at))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> addToBalance(SqlConnection tx, String customerId, long delta) {
        return tx.preparedQuery(PointsQueries.POINTS_ACCOUNT_ADD).execute(Tuple.of(customerId, delta)).replaceWithVoid();
    }

    public Uni<Optional<Account>> findAccount(String customerId) {
        return pool.preparedQuery(PointsQueries.POINTS_ACCOUNT_FIND).execute(Tuple.of(customerId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new Account(r.getString("customer_id"), r.getLong("balance"),
                            r.getOffsetDateTime("updated_at")));
                });
    }

    public Uni<List<Entry>> history(String customerId, int limit) {
        return pool.preparedQuery(PointsQueries.POINTS_ENTRY_LIST_BY_CUSTOMER).execute(Tuple.of(customerId, limit))
                .map(rows -> {
                    var out = new ArrayList<Entry>();
                    rows.forEach(r -> out.add(new Entry(r.getString("order_id"), r.getString("kind"),
                            r.getString("reference"), r.getLong("points"), r.getOffsetDateTime("occurred_at"))));
                    return out;
                });
    }

    private static OrderPoints toOrder(Row r) {
        return new OrderPoints(r.getString("order_id"), r.getString("customer_id"), r.getLong("amount_minor"),
                r.getString("currency"), r.getLong("earned"), r.getLong("refunded_minor"), r.getLong("reversed"),
                OrderPointsState.valueOf(r.getString("state")));
    }
}
