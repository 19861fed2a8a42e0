package dev.baton.order;

import static dev.baton.order.OrderTests.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.order.repository.OrderRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** OrderRepository against the real database: the guarded transitions and what the table itself refuses. */
@QuarkusTest
class OrderRepositoryTest {

    @Inject
    OrderRepository repository;

    @Inject
    Pool pool;

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    private <T> T tx(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work).await().atMost(Duration.ofSeconds(10));
    }

    private static Order order(String paymentId, String customerId, OffsetDateTime at) {
        return new Order(UUID.randomUUID(), paymentId, customerId, customerId + "@example.com", 700, "EUR",
                List.of(new Order.LineItem(null, "Tea", 7, 100)), OrderState.PENDING, null, id("key"), at, at);
    }

    @Test
    void insert_thenFind_roundTripsEveryField() {
        Order o = order(id("pay"), id("c"), T0);
        boolean inserted = tx(c -> repository.insert(c, o));
        assertTrue(inserted);

        assertEquals(Optional.of(o), repository.find(o.id()).await().atMost(Duration.ofSeconds(10)));
        assertEquals(Optional.of(o), tx(c -> repository.findByCreateKey(c, o.createKey())));
        assertEquals(Optional.of(o), tx(c -> repository.findByPayment(c, o.paymentId())));
    }

    @Test
    void insert_secondOrderForSamePayment_returnsFalseAndKeepsFirst() {
        String payment = id("pay");
        Order first = order(payment, id("c"), T0);
        tx(c -> repository.insert(c, first));

        boolean second = tx(c -> repository.insert(c, order(payment, id("c"), T0)));
        assertFalse(second);
        assertEquals(first.id(), tx(c -> repository.findByPayment(c, payment)).orElseThrow().id());
    }

    @Test
    void confirmIfPending_onlyFromPending() {
        Order o = order(id("pay"), id("c"), T0);
        tx(c -> repository.insert(c, o));
        OffsetDateTime later = T0.plusMinutes(1);

        Order confirmed = tx(c -> repository.confirmIfPending(c, o.id(), later)).orElseThrow();
        assertEquals(OrderState.CONFIRMED, confirmed.state());
        assertEquals(later, confirmed.updatedAt());
        assertEquals(Optional.empty(), tx(c -> repository.confirmIfPending(c, o.id(), later)));
        assertEquals(Optional.empty(), tx(c -> repository.cancelIfPending(c, o.id(), "late", later)));
        assertEquals(OrderState.CONFIRMED, repository.find(o.id()).await().indefinitely().orElseThrow().state());
    }

    @Test
    void cancelIfPending_storesReasonAndBlocksConfirm() {
        Order o = order(id("pay"), id("c"), T0);
        tx(c -> repository.insert(c, o));

        Order cancelled = tx(c -> repository.cancelIfPending(c, o.id(), "payment failed", T0)).orElseThrow();
        assertEquals(OrderState.CANCELLED, cancelled.state());
        assertEquals("payment failed", cancelled.cancelReason());
        assertEquals(Optional.empty(), tx(c -> repository.confirmIfPending(c, o.id(), T0)));
    }

    @Test
    void transitions_unknownOrder_matchNothing() {
        UUID unknown = UUID.randomUUID();
        assertEquals(Optional.empty(), tx(c -> repository.confirmIfPending(c, unknown, T0)));
        assertEquals(Optional.empty(), tx(c -> repository.cancelIfPending(c, unknown, "x", T0)));
    }

    @Test
    void list_filtersCombineAndNewestComeFirst() {
        String customer = id("c");
        Order old = order(id("pay"), customer, T0);
        Order recent = order(id("pay"), customer, T0.plusHours(1));
        Order elsewhere = order(id("pay"), id("c"), T0.plusHours(2));
        for (Order o : List.of(old, recent, elsewhere)) {
            tx(c -> repository.insert(c, o));
        }
        tx(c -> repository.confirmIfPending(c, old.id(), T0.plusHours(3)));

        assertEquals(List.of(recent.id(), old.id()), ids(repository.list(null, customer, null, 10)));
        assertEquals(List.of(old.id()), ids(repository.list(null, customer, OrderState.CONFIRMED, 10)));
        assertEquals(List.of(recent.id()), ids(repository.list(recent.paymentId(), customer, null, 10)));
        assertEquals(List.of(), ids(repository.list(recent.paymentId(), customer, OrderState.CANCELLED, 10)));
        assertEquals(List.of(recent.id()), ids(repository.list(null, customer, null, 1)));
    }

    @Test
    void table_unknownStateOrCancelledWithoutReason_refusedByCheckConstraints() {
        Order o = order(id("pay"), id("c"), T0);
        tx(c -> repository.insert(c, o));

        var unknown = assertThrows(PgException.class, () -> tx(c -> c
                .preparedQuery("UPDATE customer_order SET state = 'SHIPPED' WHERE id = $1").execute(Tuple.of(o.id()))));
        assertEquals("customer_order_state_check", unknown.getConstraint());
        var noReason = assertThrows(PgException.class, () -> tx(c -> c
                .preparedQuery("UPDATE customer_order SET state = 'CANCELLED' WHERE id = $1").execute(Tuple.of(o.id()))));
        assertEquals("customer_order_cancel_reason_check", noReason.getConstraint());
    }

    private static List<UUID> ids(Uni<List<Order>> orders) {
        return orders.await().atMost(Duration.ofSeconds(10)).stream().map(Order::id).toList();
    }
}
