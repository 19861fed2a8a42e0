package dev.baton.loyalty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.platform.testing.TestBroker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged application as a real process, killed with SIGKILL while it consumes a stream of events, then
 * started again: every event is applied, none twice. Runs in {@code verify}.
 */
class LoyaltyKilledMidStreamIT {

    private PackagedLoyalty app;

    @BeforeEach
    void create() throws Exception {
        app = new PackagedLoyalty("kill");
    }

    @AfterEach
    void cleanUp() throws Exception {
        app.close();
    }

    @Test
    void subscriberKilledMidStream_restarted_appliesEveryEventExactlyOnce() throws Exception {
        String customer = "c-" + app.suffix;
        int before = 300;
        int during = 50;
        app.start("first");
        try (var broker = new TestBroker(app.exchange)) {
            for (int i = 1; i <= before; i++) {
                broker.publish(LoyaltySubscriberTest.orderConfirmed(customer, "o-" + app.suffix + "-" + i, i * 100L,
                        "EUR"));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> app.balanceOf(customer) > 0);
            app.kill();
            // Not asserted (it depends on speed), but shows in the report whether the kill hit mid-stream.
            System.out.printf("Killed the subscriber after %d of %d events were applied%n",
                    app.count("SELECT count(*) FROM points_entry WHERE customer_id = '" + customer + "'"), before);

            for (int i = before + 1; i <= before + during; i++) {
                broker.publish(LoyaltySubscriberTest.orderConfirmed(customer, "o-" + app.suffix + "-" + i, i * 100L,
                        "EUR"));
            }
            app.start("second");
        }
        int total = before + during;
        long expected = (long) total * (total + 1) / 2;
        await().atMost(Duration.ofSeconds(60)).until(() -> app.balanceOf(customer) == expected);
        assertEquals(total, app.count("SELECT count(*) FROM points_entry WHERE customer_id = '" + customer + "'"));
        assertEquals(expected, app.count("SELECT balance FROM points_account WHERE customer_id = '" + customer + "'"));
        assertEquals(total, app.count("SELECT count(*) FROM baton_platform.inbox_message WHERE state = 'PROCESSED'"));
    }
}
