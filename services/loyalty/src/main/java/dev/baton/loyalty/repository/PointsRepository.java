package dev.baton.loyalty.repository;

import dev.baton.loyalty.OrderPointsState;
import dev.baton.loyalty.RefundState;
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
import java.util.List;
import java.util.Optional;

/** Persistence of points; writes take the caller's transaction, reads use the pool. */
@ApplicationScoped
public class PointsRepository {

    /**
     * An order's points as stored. {@code amountMinor}, {@code currency} and {@code earned} are null until the
     * order is confirmed ({@link OrderPointsState#confirmed()}).
     */
    public record OrderPoints(String orderId, String customerId, Long amountMinor, String currency, Long earned,
            long refundedMinor, long reversed, OrderPointsState state) {
    }

    /** A refund as received, and what it did. */
    public record Refund(String refundId, String orderId, long amountMinor, String currency, RefundState state,
            OffsetDateTime refundedAt, OffsetDateTime settledAt, String note) {
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

    /** @return false when the order had a row already (earned, awaiting its confirmation, or cancelled) */
    public Uni<Boolean> insertEarned(SqlConnection tx, String orderId, String customerId, long amountMinor,
            String currency, long earned, OffsetDateTime at) {
        return changed(tx, PointsQueries.ORDER_POINTS_INSERT_EARNED,
                Tuple.of(orderId, customerId, amountMinor, currency, earned, at));
    }

    /** Makes sure the order has a row, AWAITING_CONFIRMATION if it had none. */
    public Uni<Void> insertAwaitingConfirmation(SqlConnection tx, String orderId, String customerId) {
        return changed(tx, PointsQueries.ORDER_POINTS_INSERT_AWAITING_CONFIRMATION, Tuple.of(orderId, customerId))
                .replaceWithVoid();
    }

    /** @return false when the order had a row already */
    public Uni<Boolean> insertCancelled(SqlConnection tx, String orderId, String customerId, OffsetDateTime at) {
        return changed(tx, PointsQueries.ORDER_POINTS_INSERT_CANCELLED, Tuple.of(orderId, customerId, at));
    }

    public Uni<Optional<OrderPoints>> findOrderForUpdate(SqlConnection tx, String orderId) {
        return findOrder(tx, PointsQueries.ORDER_POINTS_FIND_FOR_UPDATE, orderId);
    }

    public Uni<Optional<OrderPoints>> findOrder(String orderId) {
        return findOrder(pool, PointsQueries.ORDER_POINTS_FIND, orderId);
    }

    /** @return false when the order was not AWAITING_CONFIRMATION */
    public Uni<Boolean> confirmIfAwaiting(SqlConnection tx, String orderId, String customerId, long amountMinor,
            String currency, long earned, OffsetDateTime at) {
        return changed(tx, PointsQueries.ORDER_POINTS_CONFIRM_IF_AWAITING,
                Tuple.of(orderId, customerId, amountMinor, currency, earned, at));
    }

    /** @return false when the order was not AWAITING_CONFIRMATION */
    public Uni<Boolean> cancelIfAwaiting(SqlConnection tx, String orderId, OffsetDateTime at) {
        return changed(tx, PointsQueries.ORDER_POINTS_CANCEL_IF_AWAITING, Tuple.of(orderId, at));
    }

    /** @return false when the order was not EARNED or PARTIALLY_REVERSED */
    public Uni<Boolean> updateOnRefund(SqlConnection tx, String orderId, long refundedMinor, long reversed,
            OrderPointsState state) {
        return changed(tx, PointsQueries.ORDER_POINTS_UPDATE_ON_REFUND,
                Tuple.of(orderId, refundedMinor, reversed, state.name()));
    }

    /**
     * Records a refund in {@code state}; {@code settledAt} is null exactly when PENDING.
     *
     * @return false when this refund id was received before
     */
    public Uni<Boolean> insertRefund(SqlConnection tx, String refundId, String orderId, String customerId,
            long amountMinor, String currency, RefundState state, OffsetDateTime refundedAt,
            OffsetDateTime settledAt, String note) {
        return changed(tx, PointsQueries.ORDER_REFUND_INSERT, Tuple.tuple().addString(refundId).addString(orderId)
                .addString(customerId).addLong(amountMinor).addString(currency).addString(state.name())
                .addOffsetDateTime(refundedAt).addOffsetDateTime(settledAt).addString(note));
    }

    public Uni<List<Refund>> pendingRefunds(SqlConnection tx, String orderId) {
        return refunds(tx, PointsQueries.ORDER_REFUND_LIST_PENDING, orderId);
    }

    public Uni<List<Refund>> refundsOf(String orderId) {
        return refunds(pool, PointsQueries.ORDER_REFUND_LIST_BY_ORDER, orderId);
    }

    /** Moves a PENDING refund to APPLIED or CLOSED. @return false when it was not PENDING */
    public Uni<Boolean> settlePending(SqlConnection tx, String refundId, RefundState state, OffsetDateTime at,
            String note) {
        return changed(tx, PointsQueries.ORDER_REFUND_SETTLE_PENDING, Tuple.of(refundId, state.name(), at, note));
    }

    /** @return how many PENDING refunds of the order were closed */
    public Uni<Integer> closeAllPending(SqlConnection tx, String orderId, OffsetDateTime at, String note) {
        return tx.preparedQuery(PointsQueries.ORDER_REFUND_CLOSE_ALL_PENDING).execute(Tuple.of(orderId, at, note))
                .map(RowSet::rowCount);
    }

    /** @return false when an entry of this kind and reference exists */
    public Uni<Boolean> insertEntry(SqlConnection tx, String customerId, String orderId, String kind,
            String reference, long points, OffsetDateTime at) {
        return changed(tx, PointsQueries.POINTS_ENTRY_INSERT,
                Tuple.of(customerId, orderId, kind, reference, points, at));
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

    private static Uni<Boolean> changed(SqlConnection tx, String sql, Tuple args) {
        return tx.preparedQuery(sql).execute(args).map(rows -> rows.rowCount() == 1);
    }

    private static Uni<Optional<OrderPoints>> findOrder(SqlClient client, String sql, String orderId) {
        return client.preparedQuery(sql).execute(Tuple.of(orderId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toOrder(rows.iterator().next())));
    }

    private static Uni<List<Refund>> refunds(SqlClient client, String sql, String orderId) {
        return client.preparedQuery(sql).execute(Tuple.of(orderId)).map(rows -> {
            var out = new ArrayList<Refund>();
            rows.forEach(r -> out.add(new Refund(r.getString("refund_id"), r.getString("order_id"),
                    r.getLong("amount_minor"), r.getString("currency"), RefundState.valueOf(r.getString("state")),
                    r.getOffsetDateTime("refunded_at"), r.getOffsetDateTime("settled_at"), r.getString("note"))));
            return out;
        });
    }

    private static OrderPoints toOrder(Row r) {
        return new OrderPoints(r.getString("order_id"), r.getString("customer_id"), r.getLong("amount_minor"),
                r.getString("currency"), r.getLong("earned"), r.getLong("refunded_minor"), r.getLong("reversed"),
                OrderPointsState.valueOf(r.getString("state")));
    }
}
