package dev.baton.loyalty;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import dev.baton.platform.testing.TestBroker;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The packaged application (target/quarkus-app, built by {@code package} before failsafe runs) as a real process
 * with its own database, exchange and queue, for the {@code *IT} tests that kill it or its broker. It runs from a
 * copy of target/quarkus-app, so a build that repackages the module meanwhile cannot pull jars from under it.
 * {@link #close()} kills the process and removes the copy, the database, queues and exchange.
 */
final class PackagedLoyalty implements AutoCloseable {

    final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final String database;
    final String exchange;
    final String queue;
    private final String test;
    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;
    private final Path copy;
    private Process process;

    /** @param test a short name for database, queue and log file names */
    PackagedLoyalty(String test) throws Exception {
        this.test = test;
        this.database = "loyalty_" + test + "_" + suffix;
        this.exchange = "test.loyalty." + test + "." + suffix;
        this.queue = "test.loyalty." + test + "." + suffix;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path packaged = Path.of("target", "quarkus-app");
        copy = Files.createTempDirectory("baton-loyalty-" + test + "-");
        try (var paths = Files.walk(packaged)) {
            for (Path from : (Iterable<Path>) paths::iterator) {
                Path to = copy.resolve(packaged.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
    }

    /**
     * Starts the application with {@code properties} (as {@code -Dname=value}) and waits until it is ready; the log
     * goes to target/{test}-{run}.log.
     */
    void start(String run, String... properties) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new java.util.ArrayList<>(List.of(java,
                "-Dquarkus.http.port=" + port,
                "-Dbaton.db.name=" + database,
                "-Dbaton.events.exchange=" + exchange,
                "-Dbaton.events.subscriber.queue=" + queue));
        command.addAll(List.of(properties));
        command.addAll(List.of("-jar", copy.resolve("quarkus-run.jar").toString()));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(new File("target", test + "-" + run + ".log"))
                .start();
        await().atMost(Duration.ofSeconds(90)).until(() -> status("/q/health/ready") == 200);
        // Ready means database and broker are reachable; the subscriber binds its queue and starts consuming
        // just after. Until then the exchange would drop what a test publishes.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> queue().getConsumerCount() >= 1);
    }

    /** The queue's message and consumer counts, read on a connection of its own (throws while it is missing). */
    AMQP.Queue.DeclareOk queue() throws Exception {
        var factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(5_000);
        factory.setHandshakeTimeout(5_000);
        try (var connection = factory.newConnection("baton-test-probe"); var channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue);
        }
    }

    /** SIGKILL: no shutdown hooks, no acknowledgements, no commits after this. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    /** The HTTP status of a GET, or -1 when the application does not answer. */
    int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The single number {@code sql} selects from the application's database. */
    long count(String sql) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
                var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Sum of a customer's balance changes, or -1 while the database cannot be read. */
    long balanceOf(String customer) {
        try {
            return count("SELECT coalesce(sum(points), 0) FROM points_entry WHERE customer_id = '" + customer + "'");
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() throws Exception {
        kill();
        try (var paths = Files.walk(copy)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
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
}
