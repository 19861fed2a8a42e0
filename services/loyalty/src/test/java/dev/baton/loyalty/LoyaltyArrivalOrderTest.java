package dev.baton.loyalty;

import static dev.baton.loyalty.LoyaltySubscriberTest.balance;
import static dev.baton.loyalty.LoyaltySubscriberTest.cancelled;
import static dev.baton.loyalty.LoyaltySubscriberTest.config;
import static dev.baton.loyalty.LoyaltySubscriberTest.deadLetterFor;
import static dev.baton.loyalty.LoyaltySubscriberTest.id;
import static dev.baton.loyalty.LoyaltySubscriberTest.orderConfirmed;
import static dev.baton.loyalty.LoyaltySubscriberTest.refunded;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.baton.platform.testing.TestBroker;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The payment saga's events reach loyalty from two producers (order: confirmed, cancelled; payment-gateway:
 * refunded) through separate outboxes and relays, so they arrive in any order. Each test publishes one order's
 * events in every order of arrival (one order id per arrival order; the queue hands them to the consumer in
 * publishing order) and checks that every event was applied on its first attempt, none was dead-lettered, and the
 * outcome is the same for all of them.
 */
@QuarkusTest
class LoyaltyArrivalOrderTest {

    private static TestBroker broker;

    @BeforeAll
    static void connect() throws Exception {
        broker = new TestBroker(config("baton.events.exchange"));
    }

    @AfterAll
    static void disconnect() throws Exception {
        broker.close();
    }

    /** Every ordering of {@code items}. */
    static <T> List<List<T>> permutations(List<T> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        var out = new ArrayList<List<T>>();
        for (int i = 0; i < items.size(); i++) {
            var rest = new ArrayList<>(items);
            T first = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                var one = new ArrayList<T>();
                one.add(first);
                one.addAll(tail);
                out.add(one);
            }
        }
        return out;
    }

    private static void publish(List<CloudEvent> events) throws Exception {
        for (CloudEvent e : events) {
            broker.publish(e);
        }
    }

    /** Waits until every event was applied, then checks none needed a retry or was dead-lettered. */
    private static void awaitAppliedFirstTime(List<CloudEvent> events) throws Exception {
        String[] ids = events.stream().map(CloudEvent::getId).distinct().toArray(String[]::new);
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox("state = 'PROCESSED'", ids) == ids.length);
        assertEquals(0, inbox("attempts > 0 OR last_error IS NOT NULL", ids), "events that needed a retry");
        for (String id : ids) {
            assertNull(deadLetterFor(id), "dead letter for " + id);
        }
    }

    private static long inbox(String condition, String[] ids) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + config("baton.db.name"),
                "postgres", "");
                var ps = c.prepareStatement("SELECT count(*) FROM baton_platform.inbox_message WHERE event_id = ANY(?)"
                        + " AND (" + condition + ")")) {
            ps.setArray(1, c.createArrayOf("text", ids));
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static JsonPath order(String orderId) {
        return given().get("/v1/loyalty/orders/{o}", orderId).then().statusCode(200).extract().jsonPath();
    }

    private static List<Integer> historyPoints(String customer) {
        return given().get("/v1/loyalty/customers/{c}/history", customer).then().statusCode(200).extract()
                .jsonPath().getList("points", Integer.class);
    }

    @Test
    void refundBeforeConfirmation_heldAsPendingNotRetried_appliedWhenTheConfirmationArrives() throws Exception {
        String customer = id("c");
        String order = id("o");
        String refund = id("r");
        CloudEvent early = refunded(customer, order, refund, 3_333, "EUR");
        broker.publish(early);

        awaitAppliedFirstTime(List.of(early));
        JsonPath held = order(order);
        assertEquals("AWAITING_CONFIRMATION", held.getString("state"));
        assertNull(held.get("earned"));
        assertEquals(List.of(refund), held.getList("refunds.refundId"));
        assertEquals(List.of("PENDING"), held.getList("refunds.state"));
        assertEquals(-1, balance(customer), "no account before anything was earned");

        CloudEvent confirmation = orderConfirmed(customer, order, 9_999, "EUR"); // 99 points
        broker.publish(confirmation);

        awaitAppliedFirstTime(List.of(confirmation));
        JsonPath applied = order(order);
        assertEquals("PARTIALLY_REVERSED", applied.getString("state"));
        assertEquals(99, applied.getInt("earned"));
        assertEquals(33, applied.getInt("reversed"));
        assertEquals(3_333, applied.getInt("refundedMinor"));
        assertEquals(List.of("APPLIED"), applied.getList("refunds.state"));
        assertEquals(List.of("held until the order's confirmation"), applied.getList("refunds.note"));
        assertEquals(66, balance(customer));
        assertEquals(List.of(-33, 99), historyPoints(customer));
    }

    @Test
    void partialRefundAndConfirmation_eitherOrder_sameStateBalanceAndHistory() throws Exception {
        var outcomes = new ArrayList<List<Object>>();
        var all = new ArrayList<CloudEvent>();
        var runs = new ArrayList<String[]>();
        for (boolean refundFirst : List.of(true, false)) {
            String customer = id("c");
            String order = id("o");
            CloudEvent confirmation = orderConfirmed(customer, order, 9_999, "EUR");
            CloudEvent refund = refunded(customer, order, id("r"), 3_333, "EUR");
            List<CloudEvent> events = refundFirst ? List.of(refund, confirmation) : List.of(confirmation, refund);
            publish(events);
            all.addAll(events);
            runs.add(new String[] {customer, order});
        }
        awaitAppliedFirstTime(all);
        for (String[] run : runs) {
            JsonPath o = order(run[1]);
            outcomes.add(List.of(o.getString("state"), o.getInt("earned"), o.getInt("reversed"),
                    o.getList("refunds.state"), balance(run[0]), historyPoints(run[0])));
        }
        assertEquals(List.of("PARTIALLY_REVERSED", 99, 33, List.of("APPLIED"), 66L, List.of(-33, 99)), outcomes.get(0));
        assertEquals(outcomes.get(0), outcomes.get(1));
    }

    @Test
    void twoRefundsCoveringTheOrderAndConfirmation_everyArrivalOrder_allPointsReversed() throws Exception {
        var all = new ArrayList<CloudEvent>();
        var runs = new ArrayList<Map.Entry<List<String>, String[]>>();
        for (List<String> arrival : permutations(List.of("R1", "R2", "C"))) {
            String customer = id("c");
            String order = id("o");
            var byName = Map.of(
                    "R1", refunded(customer, order, id("r"), 3_333, "EUR"),
                    "R2", refunded(customer, order, id("r"), 6_666, "EUR"),
                    "C", orderConfirmed(customer, order, 9_999, "EUR"));
            var events = arrival.stream().map(byName::get).toList();
            publish(events);
            all.addAll(events);
            runs.add(Map.entry(arrival, new String[] {customer, order}));
        }
        assertEquals(6, runs.size());
        awaitAppliedFirstTime(all);
        for (var run : runs) {
            String customer = run.getValue()[0];
            JsonPath o = order(run.getValue()[1]);
            String arrival = String.join(",", run.getKey());
            assertEquals("REVERSED", o.getString("state"), arrival);
            assertEquals(99, o.getInt("reversed"), arrival);
            assertEquals(9_999, o.getInt("refundedMinor"), arrival);
            assertEquals(List.of("APPLIED", "APPLIED"), o.getList("refunds.state"), arrival);
            assertEquals(0, balance(customer), arrival);
            List<Integer> history = historyPoints(customer);
            assertEquals(3, history.size(), arrival + ": " + history);
            assertEquals(99, history.get(2), arrival + ": earned first");
            assertEquals(-99, history.get(0) + history.get(1), arrival + ": " + history);
        }
    }

    @Test
    void sagaCompensation_refundAndCancellationEitherOrderThenLateConfirmation_refundClosedNoPointsEver()
            throws Exception {
        var all = new ArrayList<CloudEvent>();
        var runs = new ArrayList<String[]>();
        for (boolean refundFirst : List.of(true, false)) {
            String customer = id("c");
            String order = id("o");
            String refundId = id("r");
            CloudEvent refund = refunded(customer, order, refundId, 4_200, "EUR");
            CloudEvent cancellation = cancelled(customer, order);
            // The saga's case has no confirmation; one arriving after the cancellation must still earn nothing.
            CloudEvent late = orderConfirmed(customer, order, 4_200, "EUR");
            var events = refundFirst ? List.of(refund, cancellation, late) : List.of(cancellation, refund, late);
            publish(events);
            all.addAll(events);
            runs.add(new String[] {customer, order, refundId});
        }
        awaitAppliedFirstTime(all);
        for (String[] run : runs) {
            JsonPath o = order(run[1]);
            assertEquals("CANCELLED", o.getString("state"));
            assertNull(o.get("earned"));
            assertEquals(0, o.getInt("reversed"));
            assertEquals(List.of(run[2]), o.getList("refunds.refundId"));
            assertEquals(List.of("CLOSED"), o.getList("refunds.state"));
            assertEquals(List.of("order cancelled before it was confirmed: no points to take back"),
                    o.getList("refunds.note"));
            assertEquals(-1, balance(run[0]), "no account: nothing was ever earned");
            assertEquals(List.of(), historyPoints(run[0]));
        }
    }

    @Test
    void heldRefund_deliveredTwiceAndUnderAnotherEventId_appliedOnce() throws Exception {
        String customer = id("c");
        String order = id("o");
        String refundId = id("r");
        CloudEvent refund = refunded(customer, order, refundId, 3_333, "EUR");
        CloudEvent sameRefundOtherEvent = refunded(customer, order, refundId, 3_333, "EUR");
        CloudEvent confirmation = orderConfirmed(customer, order, 9_999, "EUR");
        broker.publish(refund);
        broker.publishStructured(refund);
        broker.publish(sameRefundOtherEvent);
        broker.publish(confirmation);
        broker.publish(sameRefundOtherEvent);

        awaitAppliedFirstTime(List.of(refund, sameRefundOtherEvent, confirmation));
        assertEquals(66, balance(customer));
        assertEquals(List.of("APPLIED"), order(order).getList("refunds.state"));
        assertEquals(List.of(-33, 99), historyPoints(customer));
    }

    @Test
    void heldRefundInAnotherCurrency_confirmationArrives_closedWithReasonAndOrderKeepsItsPoints() throws Exception {
        String customer = id("c");
        String order = id("o");
        List<CloudEvent> events = List.of(refunded(customer, order, id("r"), 500, "USD"),
                orderConfirmed(customer, order, 1_000, "EUR"));
        publish(events);

        awaitAppliedFirstTime(events);
        JsonPath o = order(order);
        assertEquals("EARNED", o.getString("state"));
        assertEquals(List.of("CLOSED"), o.getList("refunds.state"));
        assertEquals("refund " + o.getString("refunds[0].refundId") + " is in USD but order " + order
                + " was paid in EUR", o.getString("refunds[0].note"));
        assertEquals(10, balance(customer));
    }

    @Test
    void cancellationOfAConfirmedOrder_changesNothing_laterRefundStillReverses() throws Exception {
        String customer = id("c");
        String order = id("o");
        List<CloudEvent> events = List.of(orderConfirmed(customer, order, 2_000, "EUR"), cancelled(customer, order),
                refunded(customer, order, id("r"), 2_000, "EUR"));
        publish(events.subList(0, 2));
        awaitAppliedFirstTime(events.subList(0, 2));
        assertEquals("EARNED", order(order).getString("state"));
        assertEquals(20, balance(customer));

        broker.publish(events.get(2));
        awaitAppliedFirstTime(events);
        assertEquals("REVERSED", order(order).getString("state"));
        assertEquals(0, balance(customer));
    }

    @Test
    void unknownOrder_answers404Problem() {
        String order = id("o");
        given().get("/v1/loyalty/orders/{o}", order).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:baton:problem:order-not-found"))
                .body("detail", equalTo("No event of order " + order + " has arrived"));
    }
}
