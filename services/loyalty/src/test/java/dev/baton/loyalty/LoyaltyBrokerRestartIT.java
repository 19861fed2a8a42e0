package dev.baton.loyalty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.ConnectionFactory;
import dev.baton.platform.testing.TestBroker;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real RabbitMQ stopped ({@code rabbitmqctl stop_app}) and started again while a publisher keeps sending events
 * to the packaged loyalty application: nothing is lost and nothing applied twice. Deliveries unacknowledged when
 * the broker went away come again (the inbox recognises the ones already applied), publishes that got no confirm
 * are sent again by the publisher (the same event ids: duplicates on purpose), and the subscriber's connection
 * recovers by itself. Every fourth order is refunded in full before its confirmation, so held refunds cross the
 * restart too.
 *
 * <p>This stops the broker every other test on this machine uses: whoever runs it makes sure no other test JVM is
 * running. The broker is always started again (finally, and from a shutdown hook should the JVM be stopped
 * meanwhile). Skipped when {@code rabbitmqctl} is missing or cannot reach the node.
 */
class LoyaltyBrokerRestartIT {

    private static final Duration BROKER_COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private PackagedLoyalty app;

    /** An exit code and what the command printed. */
    private record Result(int exit, String output) {
    }

    @BeforeAll
    static void requireRabbitmqctl() {
        String missing;
        try {
            Result status = rabbitmqctl("-q", "status");
            missing = status.exit() == 0 ? null : "`rabbitmqctl -q status` exited with " + status.exit() + ": "
                    + status.output().strip();
        } catch (IOException e) {
            missing = "rabbitmqctl is not available (" + e.getMessage() + ")";
        }
        String reason = missing;
        Assumptions.assumeTrue(reason == null, () -> "Skipping the broker restart test: " + reason);
    }

    @BeforeEach
    void create() throws Exception {
        app = new PackagedLoyalty("restart");
    }

    @AfterEach
    void cleanUp() throws Exception {
        app.close();
    }

    private static Result rabbitmqctl(String... args) throws IOException {
        var command = new ArrayList<String>();
        command.add("rabbitmqctl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(BROKER_COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, String.join(" ", command) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** start_app, then waits until the broker accepts AMQP connections again. */
    private static void startBroker() {
        try {
            Result started = rabbitmqctl("start_app");
            if (started.exit() != 0) {
                System.err.println("rabbitmqctl start_app exited with " + started.exit() + ": " + started.output());
            }
        } catch (IOException e) {
            System.err.println("rabbitmqctl start_app failed: " + e.getMessage());
        }
        var factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setAutomaticRecoveryEnabled(false);
        await().atMost(BROKER_COMMAND_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            try (var connection = factory.newConnection("baton-test-probe")) {
                return connection.isOpen();
            }
        });
    }

    /**
     * Publishes order after order (order k: k points, fully refunded before its confirmation when k is a multiple
     * of 4) until told how many, retrying each event until the broker confirms it, reconnecting as needed, and
     * keeping the queue's backlog bounded so the stream is still flowing whenever the broker goes away.
     */
    private static final class EventStream implements Runnable {

        private final PackagedLoyalty app;
        private final String customer;
        private final AtomicInteger orders = new AtomicInteger();
        private final AtomicInteger refusals = new AtomicInteger();
        private volatile int lastOrder = Integer.MAX_VALUE;
        private volatile boolean halted;
        private volatile Throwable error;
        private TestBroker broker;

        EventStream(PackagedLoyalty app, String customer) {
            this.app = app;
            this.customer = customer;
        }

        @Override
        public void run() {
            try {
                for (int k = 1; k <= lastOrder && !halted; k++) {
                    String order = "o-" + app.suffix + "-" + k;
                    if (k % 4 == 0) {
                        publish(LoyaltySubscriberTest.refunded(customer, order, "r-" + order, k * 100L, "EUR"));
                    }
                    publish(LoyaltySubscriberTest.orderConfirmed(customer, order, k * 100L, "EUR"));
                    orders.set(k);
                    if (k % 20 == 0) {
                        await().atMost(BROKER_COMMAND_TIMEOUT).pollInSameThread().pollInterval(Duration.ofMillis(100))
                                .until(() -> halted || backlogBelow(200));
                    }
                }
            } catch (Throwable e) {
                error = e;
            } finally {
                disconnect();
            }
        }

        /** Whether the queue holds fewer than {@code limit} messages; a refused probe counts as a refusal. */
        private boolean backlogBelow(int limit) {
            try {
                return app.queue().getMessageCount() < limit;
            } catch (Exception e) {
                refusals.incrementAndGet();
                return false;
            }
        }

        private void publish(CloudEvent event) {
            // Polled on this thread: tryPublish keeps the connection in a field.
            await().atMost(BROKER_COMMAND_TIMEOUT).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200)).until(() -> halted || tryPublish(event));
        }

        private boolean tryPublish(CloudEvent event) {
            try {
                if (broker == null) {
                    broker = new TestBroker(app.exchange);
                }
                broker.publish(event);
                return true;
            } catch (Exception e) {
                refusals.incrementAndGet();
                disconnect();
                return false;
            }
        }

        private void disconnect() {
            if (broker != null) {
                try {
                    broker.close();
                } catch (Exception ignored) {
                    // The broker is gone or the connection is broken already.
                }
                broker = null;
            }
        }
    }

    private long entries(String customer) {
        try {
            return app.count("SELECT count(*) FROM points_entry WHERE customer_id = '" + customer + "'");
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void brokerStoppedAndStartedMidStream_everyEventAppliedExactlyOnce() throws Exception {
        String customer = "c-" + app.suffix;
        app.start("run");
        var stream = new EventStream(app, customer);
        var publisher = new Thread(stream, "loyalty-restart-publisher");
        publisher.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> entries(customer) >= 100);

            Thread restartOnExit = new Thread(LoyaltyBrokerRestartIT::startBroker, "restart-rabbitmq-on-exit");
            Runtime.getRuntime().addShutdownHook(restartOnExit);
            try {
                Result stopped = rabbitmqctl("stop_app");
                assertEquals(0, stopped.exit(), "rabbitmqctl stop_app: " + stopped.output());
                System.out.printf("Stopped RabbitMQ with %d balance changes applied and %d orders published%n",
                        entries(customer), stream.orders.get());
                // The outage reached both sides: the application reports it, and the publisher ran into it (a
                // publish or a backlog probe was refused).
                await().atMost(Duration.ofSeconds(60)).until(() -> app.status("/q/health/ready") == 503);
                await().atMost(Duration.ofSeconds(60)).until(() -> stream.refusals.get() > 0);
            } finally {
                startBroker();
                Runtime.getRuntime().removeShutdownHook(restartOnExit);
            }
            int afterRestart = stream.orders.get();
            stream.lastOrder = afterRestart + 100;
            await().atMost(Duration.ofMinutes(3)).until(() -> !publisher.isAlive());
            assertNull(stream.error, () -> "publisher failed: " + stream.error);
            System.out.printf("Restarted RabbitMQ after %d orders; the broker refused %d publishes or probes%n",
                    afterRestart, stream.refusals.get());
        } finally {
            stream.halted = true;
            publisher.join(BROKER_COMMAND_TIMEOUT.toMillis());
        }

        int orders = stream.orders.get();
        int refunded = orders / 4;
        long expectedBalance = 0;
        for (int k = 1; k <= orders; k++) {
            expectedBalance += k % 4 == 0 ? 0 : k;
        }
        long balance = expectedBalance;
        await().atMost(Duration.ofMinutes(2)).until(() -> entries(customer) == orders + refunded);
        await().atMost(Duration.ofSeconds(30)).until(() -> app.status("/q/health/ready") == 200);
        assertEquals(balance, app.balanceOf(customer));
        assertEquals(balance, app.count("SELECT balance FROM points_account WHERE customer_id = '" + customer + "'"));
        assertEquals(orders, app.count("SELECT count(*) FROM points_entry WHERE kind = 'EARNED'"));
        assertEquals(refunded, app.count("SELECT count(*) FROM order_refund WHERE state = 'APPLIED'"));
        assertEquals(0, app.count("SELECT count(*) FROM order_refund WHERE state <> 'APPLIED'"));
        assertEquals(orders - refunded, app.count("SELECT count(*) FROM order_points WHERE state = 'EARNED'"));
        assertEquals(refunded, app.count("SELECT count(*) FROM order_points WHERE state = 'REVERSED'"));
        assertEquals(orders + refunded,
                app.count("SELECT count(*) FROM baton_platform.inbox_message WHERE state = 'PROCESSED'"));
        assertEquals(0, app.count("SELECT count(*) FROM baton_platform.dead_letter"));
        assertTrue(orders > 100, "events kept flowing after the restart: " + orders);
        // Nothing is left over: every message, the duplicates included, was consumed and acknowledged.
        await().atMost(Duration.ofSeconds(30)).until(() -> app.queue().getMessageCount() == 0);
    }
}
