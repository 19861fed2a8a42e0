package dev.baton.platform.testing;

import com.rabbitmq.client.ConnectionFactory;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.DriverManager;
import java.util.Map;
import java.util.UUID;

/**
 * Gives each start of a subscriber under test its own database, exchange, queue and broker connection names, so
 * test runs on a shared PostgreSQL and RabbitMQ (several engineers, several builds) never consume each other's
 * events or clean each other's tables; everything is removed again on stop. A deployable subclasses it with its
 * name and registers the subclass with {@code @WithTestResource(scope = GLOBAL)}; tests read the names back from
 * the configuration ({@code baton.db.name}, {@code baton.events.exchange}, {@code baton.events.subscriber.queue},
 * {@code baton.events.client-name}).
 */
public abstract class IsolatedEvents implements QuarkusTestResourceLifecycleManager {

    private final String application;
    private String database;
    private String exchange;
    private String queue;

    /** @param application the deployable's name, used as the prefix of every name */
    protected IsolatedEvents(String application) {
        this.application = application;
    }

    @Override
    public Map<String, String> start() {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        database = application + "_test_" + id;
        exchange = "test." + application + "." + id;
        queue = "test." + application + "." + id;
        return Map.of("baton.db.name", database,
                "baton.events.exchange", exchange,
                "baton.events.subscriber.queue", queue,
                "baton.events.client-name", application + "-" + id);
    }

    @Override
    public void stop() {
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (Exception e) {
            System.err.println("Could not drop test database " + database + ": " + e.getMessage());
        }
        var factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        try (var connection = factory.newConnection("baton-test-cleanup"); var channel = connection.createChannel()) {
            channel.queueDelete(queue);
            channel.queueDelete(queue + ".dead-letter");
            channel.exchangeDelete(exchange);
        } catch (Exception e) {
            System.err.println("Could not remove test queues of " + queue + ": " + e.getMessage());
        }
    }
}
