package dev.baton.loyalty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.EventSchemas;
import dev.baton.contracts.EventTypes;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.outbox.OutboxEvent;
import dev.baton.platform.testing.RabbitAdmin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole backbone inside one running application: a producer's transaction writes to the outbox, the relay
 * (OutboxRelayService, with publisher confirms) publishes to RabbitMQ, and loyalty's inbox consumes it. Loyalty
 * produces nothing in production; the outbox is switched on here only to drive a real relay from a real
 * transaction, the way order will.
 */
@QuarkusTest
@TestProfile(OutboxToLoyaltyTest.WithOutbox.class)
class OutboxToLoyaltyTest {

    /** Turns the producer side on, with a fast poll. */
    public static class WithOutbox implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("baton.events.outbox.enabled", "true",
                    "baton.events.outbox.poll-interval", "50ms");
        }
    }

    /** The data of dev.baton.order.confirmed.v1, as order would declare it. */
    record LineItem(String sku, String description, int quantity, long unitAmountMinor) {
    }

    record OrderConfirmedData(String orderId, String paymentId, String customerId, String customerEmail,
            long amountMinor, String currency, List<LineItem> lineItems) {
    }

    @Inject
    Outbox outbox;

    @Inject
    Pool pool;

    private OutboxEvent confirmed(String customer, String order, long amountMinor) {
        var event = OutboxEvent.of(EventTypes.ORDER_CONFIRMED, order, new OrderConfirmedData(order, "pay-" + order,
                customer, customer + "@example.com", amountMinor, "EUR",
                List.of(new LineItem("SKU", "Thing", 1, amountMinor))));
        // Producer side of the contract check.
        var cloudEvent = outbox.toCloudEvent(event);
        EventSchemas.requireValid(event.type(), cloudEvent.getData().toBytes());
        // The default source is /baton/<quarkus.application.name>.
        assertEquals("/baton/loyalty", cloudEvent.getSource().toString());
        return event;
    }

    private void inTransaction(List<OutboxEvent> events, boolean commit) {
        pool.withTransaction(tx -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (OutboxEvent e : events) {
                chain = chain.flatMap(ignored -> outbox.append(tx, e)).replaceWithVoid();
            }
            return commit ? chain
                    : chain.flatMap(ignored -> Uni.createFrom().failure(new IllegalStateException("effect failed")));
        }).onFailure(IllegalStateException.class).recoverWithNull().await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void outboxAppend_committedAndRolledBack_onlyCommittedEventsReachTheSubscriber() {
        String customer = LoyaltySubscriberTest.id("c");
        inTransaction(List.of(confirmed(customer, LoyaltySubscriberTest.id("o"), 5_000)), false);
        inTransaction(List.of(confirmed(customer, LoyaltySubscriberTest.id("o"), 1_200)), true);

        LoyaltySubscriberTest.awaitBalance(customer, 12);
        given().get("/v1/loyalty/customers/{c}/history", customer).then().body("size()", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void relayConnectionClosedMidStream_everyEventArrivesOnce() throws Exception {
        String customer = LoyaltySubscriberTest.id("c");
        int orders = 200;
        var events = new ArrayList<OutboxEvent>();
        for (int i = 1; i <= orders; i++) {
            events.add(confirmed(customer, LoyaltySubscriberTest.id("o"), i * 100L));
        }
        for (int from = 0; from < orders; from += 20) {
            inTransaction(events.subList(from, from + 20), true);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> LoyaltySubscriberTest.balance(customer) > 0);
        assertTrue(RabbitAdmin.closeConnectionsNamed(
                "baton-" + LoyaltySubscriberTest.config("baton.events.client-name") + "-relay") >= 1, "relay connection closed");

        LoyaltySubscriberTest.awaitBalance(customer, (long) orders * (orders + 1) / 2);
        assertEquals(orders, LoyaltySubscriberTest.count("SELECT count(*) FROM points_entry WHERE customer_id = ?", customer));
        assertEquals(0, LoyaltySubscriberTest.count(
                "SELECT count(*) FROM baton_platform.outbox_event WHERE state = 'PENDING' AND source = ?", "/baton/loyalty"));
    }

    private static io.restassured.specification.RequestSpecification given() {
        return io.restassured.RestAssured.given();
    }
}
