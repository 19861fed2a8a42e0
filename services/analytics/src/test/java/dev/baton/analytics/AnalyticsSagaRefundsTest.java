package dev.baton.analytics;

import static dev.baton.analytics.AnalyticsReadModelTest.config;
import static dev.baton.analytics.AnalyticsReadModelTest.failed;
import static dev.baton.analytics.AnalyticsReadModelTest.get;
import static dev.baton.analytics.AnalyticsReadModelTest.refunded;
import static dev.baton.analytics.AnalyticsReadModelTest.succeeded;
import static dev.baton.analytics.AnalyticsReadModelTest.uniqueDay;
import static dev.baton.analytics.AnalyticsReadModelTest.window;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.platform.testing.TestBroker;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Refunds in the payment saga's world. A refund of a FAILED payment is a saga compensation (captured, then a later
 * step failed, then given back): it never was revenue, so it must not reduce revenue, and is counted apart. The
 * gateway's refund and checkout's outcome arrive in either order; each ordering runs on a day of its own and must
 * give the same answers, before and after a rebuild.
 */
@QuarkusTest
class AnalyticsSagaRefundsTest {

    private static TestBroker broker;

    @BeforeAll
    static void connect() throws Exception {
        broker = new TestBroker(config("baton.events.exchange"));
    }

    @AfterAll
    static void disconnect() throws Exception {
        broker.close();
    }

    /** The events of one day: a plain sale, a sale refunded by customer service, and a compensated payment. */
    private record Day(OffsetDateTime start, List<CloudEvent> outcomes, List<CloudEvent> refunds) {

        static Day of(OffsetDateTime start) {
            OffsetDateTime ten = start.plusHours(10);
            String sale = "p-" + UUID.randomUUID();
            String refundedSale = "p-" + UUID.randomUUID();
            String compensated = "p-" + UUID.randomUUID();
            return new Day(start,
                    List.of(succeeded(sale, 5_000, "EUR", ten.plusMinutes(5)),
                            succeeded(refundedSale, 2_000, "EUR", ten.plusMinutes(10)),
                            // The saga refunds first, then reports the failure.
                            failed(compensated, 3_000, "confirm_order_failed", ten.plusMinutes(31))),
                    List.of(refunded(refundedSale, 500, ten.plusMinutes(40)),
                            refunded(compensated, 3_000, ten.plusMinutes(30))));
        }

        Map<String, String> window() {
            return Map.of("from", start.toString(), "to", start.plusDays(1).toString());
        }

        JsonPath daily() {
            return new JsonPath(AnalyticsReadModelTest.window(start, "/v1/analytics/revenue", "DAY"));
        }

        JsonPath summary() {
            return get("/v1/analytics/summary", window());
        }
    }

    private static void publish(List<CloudEvent> events) throws Exception {
        for (CloudEvent e : events) {
            broker.publish(e);
        }
    }

    private static void assertFinal(Day day, String arrival) {
        JsonPath daily = day.daily();
        assertEquals(List.of("EUR"), daily.getList("currency"), arrival);
        assertEquals(7_000, daily.getInt("[0].capturedMinor"), arrival);
        assertEquals(2, daily.getInt("[0].payments"), arrival);
        assertEquals(500, daily.getInt("[0].refundedMinor"), arrival + ": only the customer refund");
        assertEquals(1, daily.getInt("[0].refunds"), arrival);
        assertEquals(6_500, daily.getInt("[0].netMinor"), arrival + ": the compensation is not subtracted");
        assertEquals(3_000, daily.getInt("[0].compensationRefundedMinor"), arrival);
        assertEquals(1, daily.getInt("[0].compensationRefunds"), arrival);
        assertEquals(0, daily.getInt("[0].unmatchedRefundedMinor"), arrival);
        assertEquals(0, daily.getInt("[0].unmatchedRefunds"), arrival);

        JsonPath hourly = new JsonPath(window(day.start(), "/v1/analytics/revenue", "HOUR"));
        assertEquals(List.of(7_000), hourly.getList("capturedMinor"), arrival);
        assertEquals(List.of(500), hourly.getList("refundedMinor"), arrival);
        assertEquals(List.of(3_000), hourly.getList("compensationRefundedMinor"), arrival);

        JsonPath summary = day.summary();
        assertEquals(2, summary.getInt("payments.succeeded"), arrival);
        assertEquals(1, summary.getInt("payments.failed"), arrival);
        assertEquals(Map.of("confirm_order_failed", 1), summary.getMap("failureReasons"), arrival);
        assertEquals(1, summary.getInt("compensationRefunds.count"), arrival);
        assertEquals(Map.of("EUR", 3_000), summary.getMap("compensationRefunds.amountMinor"), arrival);
    }

    @Test
    void refundsAndOutcomes_eitherArrivalOrder_compensationNotSubtractedAndAnswersIdenticalAfterRebuild()
            throws Exception {
        Day outcomesFirst = Day.of(uniqueDay());
        Day refundsFirst = Day.of(uniqueDay().plusYears(100));

        publish(outcomesFirst.outcomes());
        publish(refundsFirst.refunds());
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            assertEquals(7_000, outcomesFirst.daily().getInt("[0].netMinor"));
            assertEquals(2, refundsFirst.daily().getInt("[0].unmatchedRefunds"));
        });
        // Refunds whose payment outcome has not arrived yet are shown apart and do not move net revenue.
        JsonPath waiting = refundsFirst.daily();
        assertEquals(0, waiting.getInt("[0].capturedMinor"));
        assertEquals(0, waiting.getInt("[0].refundedMinor"));
        assertEquals(0, waiting.getInt("[0].netMinor"));
        assertEquals(0, waiting.getInt("[0].compensationRefunds"));
        assertEquals(3_500, waiting.getInt("[0].unmatchedRefundedMinor"));
        assertEquals(0, refundsFirst.summary().getInt("compensationRefunds.count"));

        publish(outcomesFirst.refunds());
        publish(refundsFirst.outcomes());
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            assertEquals(1, outcomesFirst.summary().getInt("compensationRefunds.count"));
            assertEquals(1, refundsFirst.summary().getInt("compensationRefunds.count"));
            assertEquals(2, refundsFirst.summary().getInt("payments.succeeded"));
            assertEquals(1, outcomesFirst.daily().getInt("[0].refunds"));
        });
        assertFinal(outcomesFirst, "outcomes first");
        assertFinal(refundsFirst, "refunds first");

        // The read model is a function of the log whatever order it holds the events in.
        var before = List.of(outcomesFirst.daily().prettify(), outcomesFirst.summary().prettify(),
                refundsFirst.daily().prettify(), refundsFirst.summary().prettify());
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + config("baton.db.name"),
                "postgres", "");
                var s = c.createStatement()) {
            s.execute("DELETE FROM refund");
            s.execute("DELETE FROM payment_outcome");
        }
        assertEquals(0, outcomesFirst.summary().getInt("payments.failed"));
        given().post("/v1/analytics/rebuild").then().statusCode(200);
        assertEquals(before, List.of(outcomesFirst.daily().prettify(), outcomesFirst.summary().prettify(),
                refundsFirst.daily().prettify(), refundsFirst.summary().prettify()));
    }

    @Test
    void customerRefundOfASale_refundBeforeItsOutcome_subtractedOnceTheOutcomeArrives() throws Exception {
        OffsetDateTime day = uniqueDay();
        String payment = "p-" + UUID.randomUUID();
        broker.publish(refunded(payment, 1_200, day.plusHours(15)));
        broker.publish(succeeded(payment, 4_000, "EUR", day.plusHours(9)));

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertEquals(2_800, new JsonPath(window(day, "/v1/analytics/revenue", "DAY")).getInt("[0].netMinor")));
        JsonPath daily = new JsonPath(window(day, "/v1/analytics/revenue", "DAY"));
        assertEquals(1_200, daily.getInt("[0].refundedMinor"));
        assertEquals(0, daily.getInt("[0].compensationRefunds"));
        assertEquals(0, daily.getInt("[0].unmatchedRefunds"));
        assertEquals(0, get("/v1/analytics/summary", Map.of("from", day.toString(), "to", day.plusDays(1).toString()))
                .getInt("compensationRefunds.count"));
    }
}
