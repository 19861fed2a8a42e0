package dev.baton.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.fraud.service.RuleClock;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Velocity per customer and per token within the window (defaults: 10 assessments, 750000 EUR approved per hour), counted
 * from stored assessments at a "now" the test moves, and exact under concurrent assessments of one customer.
 */
@QuarkusTest
class VelocityTest {

    /** A clock the test sets and moves. */
    static class MovableClock extends RuleClock {
        private OffsetDateTime now;

        MovableClock(OffsetDateTime start) {
            this.now = start;
        }

        @Override
        public OffsetDateTime now() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private MovableClock clockAt(OffsetDateTime start) {
        var clock = new MovableClock(start);
        QuarkusMock.installMockForType(clock, RuleClock.class);
        return clock;
    }

    private static final OffsetDateTime T0 = OffsetDateTime.of(2031, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void customerCount_eleventhWithinTheHour_reviewsAndAfterTheWindowApprovesAgain() {
        var clock = clockAt(T0);
        var c = Assessments.fresh();
        for (int i = 1; i <= 10; i++) {
            // A token per payment, so only the customer's count grows.
            c.assess(1_000, "paymentMethodToken", "tok_one_" + Assessments.uniqueLetters())
                    .then().statusCode(200).body("verdict", org.hamcrest.Matchers.equalTo("APPROVE"));
            clock.advance(Duration.ofMinutes(5));
        }
        // 12:50: ten assessments since 12:00.
        var eleventh = c.assess(1_000, "paymentMethodToken", "tok_eleventh");
        eleventh.then().statusCode(200).body("verdict", org.hamcrest.Matchers.equalTo("REVIEW"))
                .body("score", org.hamcrest.Matchers.equalTo(60));
        assertEquals(List.of(Map.of("rule", "velocity.customer.count", "detail",
                "customer " + c.customerId() + ": 11 assessments within PT1H, limit 10")),
                eleventh.then().extract().jsonPath().getList("reasons"));

        // 13:01: the window (12:01, 13:01] holds the assessments of 12:05 ... 12:50 (incl. the eleventh): 11 of them.
        clock.advance(Duration.ofMinutes(11));
        c.assess(1_000, "paymentMethodToken", "tok_later_1").then().body("verdict",
                org.hamcrest.Matchers.equalTo("REVIEW"));
        // 14:00: only the two of 12:50 and 13:01 remain within the hour.
        clock.advance(Duration.ofMinutes(59));
        c.assess(1_000, "paymentMethodToken", "tok_later_2").then().body("verdict",
                org.hamcrest.Matchers.equalTo("APPROVE"));
    }

    @Test
    void tokenCount_sharedByCustomers_countsAcrossThem() {
        clockAt(T0.plusDays(1));
        String token = "tok_shared_" + Assessments.uniqueLetters();
        for (int i = 1; i <= 10; i++) {
            new Assessments("cus-" + UUID.randomUUID(), token).assess(1_000).then().statusCode(200)
                    .body("verdict", org.hamcrest.Matchers.equalTo("APPROVE"));
        }
        var answer = new Assessments("cus-" + UUID.randomUUID(), token).assess(1_000);
        assertEquals(List.of("velocity.token.count"), Assessments.rules(answer));
    }

    @Test
    void customerAmount_approvedAmountsAboveTheLimit_reviewOnlyApprovedMoneyInTheCurrencyCounts() {
        clockAt(T0.plusDays(2));
        var c = Assessments.fresh();
        for (int i = 0; i < 7; i++) {
            // 7 x 100000 EUR = 700000: within the limit.
            c.assess(100_000, "paymentMethodToken", "tok_a" + i).then().body("verdict",
                    org.hamcrest.Matchers.equalTo("APPROVE"));
        }
        String usd = Assessments.newPayment();
        Assessments.assess(usd + ":assess_fraud", c.body(usd, 100_000, "USD", "paymentMethodToken", "tok_b"))
                .then().body("verdict", org.hamcrest.Matchers.equalTo("APPROVE"));

        var over = c.assess(51_000, "paymentMethodToken", "tok_c");
        assertEquals(List.of(Map.of("rule", "velocity.customer.amount", "detail",
                "customer " + c.customerId() + ": 751000 EUR within PT1H, limit 750000")),
                over.then().extract().jsonPath().getList("reasons"));
        // The refused 51000 did not add: the next one sees 700000 approved again.
        c.assess(51_000, "paymentMethodToken", "tok_d").then()
                .body("reasons[0].detail", org.hamcrest.Matchers.endsWith(": 751000 EUR within PT1H, limit 750000"));
    }

    @Test
    void customerCount_concurrentAssessments_exactlyTenApprove() throws Exception {
        var c = Assessments.fresh();
        int concurrent = 14;
        var pool = Executors.newFixedThreadPool(concurrent);
        try {
            var futures = new ArrayList<CompletableFuture<Response>>();
            for (int i = 0; i < concurrent; i++) {
                String token = "tok_race_" + i + "_" + Assessments.uniqueLetters();
                futures.add(CompletableFuture.supplyAsync(() -> c.assess(1_000, "paymentMethodToken", token), pool));
            }
            var verdicts = new ArrayList<String>();
            for (var f : futures) {
                Response r = f.get(60, TimeUnit.SECONDS);
                r.then().statusCode(200);
                verdicts.add(r.path("verdict"));
            }
            assertEquals(Map.of("APPROVE", 10L, "REVIEW", 4L),
                    verdicts.stream().collect(Collectors.groupingBy(v -> v, Collectors.counting())));
            assertEquals(concurrent, c.stored());
        } finally {
            pool.shutdownNow();
        }
    }
}
