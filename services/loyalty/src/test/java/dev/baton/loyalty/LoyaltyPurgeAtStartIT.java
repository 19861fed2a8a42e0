package dev.baton.loyalty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.platform.testing.TestBroker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code baton.events.subscriber.purge-at-start}, which the launcher sets with {@code --fresh-databases}: what
 * waited in the queue while the subscriber was down is dropped before consuming starts, and what is published
 * afterwards is applied as usual. (Without the setting the same restart applies the waiting events: see
 * {@link LoyaltyKilledMidStreamIT}.) Runs in {@code verify}.
 */
class LoyaltyPurgeAtStartIT {

    private PackagedLoyalty app;

    @BeforeEach
    void create() throws Exception {
        app = new PackagedLoyalty("purge");
    }

    @AfterEach
    void cleanUp() throws Exception {
        app.close();
    }

    @Test
    void restart_purgeAtStart_dropsWaitingEventsAndAppliesLaterOnes() throws Exception {
        String customer = "c-" + app.suffix;
        app.start("first");
        app.kill();
        try (var broker = new TestBroker(app.exchange)) {
            for (int i = 1; i <= 20; i++) {
                broker.publish(LoyaltySubscriberTest.orderConfirmed(customer, "o-" + app.suffix + "-" + i, 1_000L,
                        "EUR"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> app.queue().getMessageCount() == 20);

            app.start("second", "-Dbaton.events.subscriber.purge-at-start=true");
            assertEquals(0, app.queue().getMessageCount());
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> app.balanceOf(customer) == 0);

            broker.publish(LoyaltySubscriberTest.orderConfirmed(customer, "o-" + app.suffix + "-late", 4_200L,
                    "EUR"));
            await().atMost(Duration.ofSeconds(30)).until(() -> app.balanceOf(customer) == 42);
        }
        assertEquals(1, app.count("SELECT count(*) FROM points_entry WHERE customer_id = '" + customer + "'"));
    }
}
