package dev.baton.loyalty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.platform.testing.TestBroker;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged application (target/quarkus-app/quarkus-run.jar) as a real process, killed with SIGKILL while it
 * consumes a stream of events, then started again: every event is applied, none twice. Runs in {@code verify}.
 */
class LoyaltyKilledMidStreamIT {

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String database = "loyalty_kill_" + suffix;
    private final String exchange = "test.loyalty.kill." + suffix;
    private final String queue = "test.loyalty.kill." + suffix;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process app;
    private int port;

    @BeforeEach
    void freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (app != null) {
            app.destroyForcibly().waitFor();
        }
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
        try (var broker = new TestBroker(exchange)) {
            broker.deleteQueue(queue);
            broker.deleteQueue(queue + ".dead-letter");
            broker.deleteExchange(exchange);
        }
    }

    private Process start(String name) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java,
                "-Dquarkus.http.port=" + port,
                "-Dbaton.db.name=" + database,
                "-Dbaton.events.exchange=" + exchange,
                "-Dbaton.events.subscriber.queue=" + queue,
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(new File("target", "killed-mid-stream-" + name + ".log"))
                .start();
        await().atMost(Duration.ofSeconds(90)).until(() -> status("/q/health/ready") == 200);
        return process;
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private long count(String sql) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
                var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long balanceOf(String customer) {
        try {
            return count("SELECT coalesce(sum(points), 0) FROM points_entry WHERE customer_id = '" + customer + "'");
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void subscriberKilledMidStream_restarted_appliesEveryEventExactlyOnce() throws Exception {
        String customer = "c-" + suffix;
        int before = 300;
        int during = 50;
        app = start("first");
        try (var broker = new TestBroker(exchange)) {
            for (int i = 1; i <= before; i++) {
                broker.publish(LoyaltySubscriberTest.orderConfirmed(customer, "o-" + suffix + "-" + i, i * 100L, "EUR"));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> balanceOf(customer) > 0);
            app.destroyForcibly().waitFor();
            // Not asserted (it depends on speed), but shows in the report whether the kill hit mid-stream.
            System.out.printf("Killed the subscriber after %d of %d events were applied%n",
                    count("SELECT count(*) FROM points_entry WHERE customer_id = '" + customer + "'"), before);

            for (int i = before + 1; i <= before + during; i++) {
                broker.publish(LoyaltySubscriberTest.orderConfirmed(customer, "o-" + suffix + "-" + i, i * 100L, "EUR"));
            }
            app = start("second");
        }
        int total = before + during;
        long expected = (long) total * (total + 1) / 2;
        await().atMost(Duration.ofSeconds(60)).until(() -> balanceOf(customer) == expected);
        assertEquals(total, count("SELECT count(*) FROM points_entry WHERE customer_id = '" + customer + "'"));
        assertEquals(expected, count("SELECT balance FROM points_account WHERE customer_id = '" + customer + "'"));
        assertEquals(total, count("SELECT count(*) FROM baton_platform.inbox_message WHERE state = 'PROCESSED'"));
    }
}
