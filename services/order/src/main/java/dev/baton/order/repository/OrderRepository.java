package dev.baton.order.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.order.Order;
import dev.baton.order.OrderState;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
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

/** Persistence of orders: writes take the caller's transaction, reads use the pool unless given a connection. */
@ApplicationScoped
public class OrderRepository {

    private static final TypeReference<List<Order.LineItem>> LINE_ITEMS = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper mapper;

    public OrderRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /** @return false when an order for the payment exists already */
    public Uni<Boolean> insert(SqlConnection tx, Order o) {
        JsonArray items;
        try {
            items = new JsonArray(mapper.writeValueAsString(o.lineItems()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return tx.preparedQuery(OrderQueries.ORDER_INSERT)
                .execute(Tuple.from(Arrays.asList(o.id(), o.paymentId(), o.customerId(), o.customerEmail(),
                        o.amountMinor(), o.currency(), items, o.createKey(), o.createdAt())))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<Order>> find(SqlClient client, UUID id) {
        return client.preparedQuery(OrderQueries.ORDER_FIND).execute(Tuple.of(id)).map(this::first);
    }

    public Uni<Optional<Order>> find(UUID id) {
        return find(pool, id);
    }

    public Uni<Optional<Order>> findByPayment(SqlClient client, String paymentId) {
        return client.preparedQuery(OrderQueries.ORDER_FIND_BY_PAYMENT).execute(Tuple.of(paymentId)).map(this::first);
    }

    /** The order the create command with Idempotency-Key {@code createKey} made, if it made one. */
    public Uni<Optional<Order>> findByCreateKey(SqlClient client, String createKey) {
        return client.preparedQuery(OrderQueries.ORDER_FIND_BY_CREATE_KEY).execute(Tuple.of(createKey))
                .map(this::first);
    }

    /** Orders matching every given filter (null matches all), newest first, at most {@code limit}. */
    public Uni<List<Order>> list(String paymentId, String customerId, OrderState state, int limit) {
        return pool.preparedQuery(OrderQueries.ORDER_LIST)
                .execute(Tuple.from(Arrays.asList(paymentId, customerId, state == null ? null : state.name(), limit)))
                .map(rows -> {
                    var orders = new ArrayList<Order>(rows.size());
                    rows.forEach(r -> orders.add(toOrder(r)));
                    return orders;
                });
    }

    /** @return the confirmed order, or empty when it was not PENDING (or does not exist) */
    public Uni<Optional<Order>> confirmIfPending(SqlConnection tx, UUID id, OffsetDateTime now) {
        return tx.preparedQuery(OrderQueries.ORDER_CONFIRM_IF_PENDING).execute(Tuple.of(id, now)).map(this::first);
    }

    /** @return the cancelled order, or empty when it was not PENDING (or does not exist) */
    public Uni<Optional<Order>> cancelIfPending(SqlConnection tx, UUID id, String reason, OffsetDateTime now) {
        return tx.preparedQuery(OrderQueries.ORDER_CANCEL_IF_PENDING).execute(Tuple.of(id, reason, now))
                .map(this::first);
    }

    private Optional<Order> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(toOrder(rows.iterator().next()));
    }

    private Order toOrder(Row r) {
        List<Order.LineItem> items;
        try {
            items = mapper.readValue(r.getString("line_items"), LINE_ITEMS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return new Order(r.getUUID("id"), r.getString("payment_id"), r.getString("customer_id"),
                r.getString("customer_email"), r.getLong("amount_minor"), r.getString("currency"), items,
                OrderState.valueOf(r.getString("state")), r.getString("cancel_reason"), r.getString("create_key"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
    }
}
