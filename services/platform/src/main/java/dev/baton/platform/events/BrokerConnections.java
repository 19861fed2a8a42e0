package dev.baton.platform.events;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens AMQP connections for the outbox relay and the subscriber with the connector's global keys
 * ({@code rabbitmq-host}, {@code rabbitmq-port}, {@code rabbitmq-username}, {@code rabbitmq-password},
 * {@code rabbitmq-virtual-host}), so all of a deployable's broker traffic goes to one broker.
 *
 * <p>The plain RabbitMQ client is used rather than a messaging channel because the relay needs publisher confirms
 * per batch and the inbox needs to decide ack, requeue or dead-letter per delivery. Automatic recovery is on: when
 * the broker drops a connection, the client reconnects, redeclares the topology and re-registers consumers; the
 * deliveries that were not acknowledged come again and the inbox makes them harmless. Connections are named
 * {@code baton-<client>-<purpose>}, where client is {@code baton.events.client-name} (default: the application
 * name), so an operator (or a test) can find and close one.
 */
@ApplicationScoped
public class BrokerConnections {

    private final ConnectionFactory factory;
    private final String application;

    /** For use without CDI: connections named after {@code application}. */
    public BrokerConnections(String host, int port, String user, String password, String virtualHost,
            String application) {
        this(host, port, user, password, virtualHost, application, Optional.empty());
    }

    @jakarta.inject.Inject
    public BrokerConnections(
            @ConfigProperty(name = "rabbitmq-host", defaultValue = "127.0.0.1") String host,
            @ConfigProperty(name = "rabbitmq-port", defaultValue = "5672") int port,
            @ConfigProperty(name = "rabbitmq-username", defaultValue = "guest") String user,
            @ConfigProperty(name = "rabbitmq-password", defaultValue = "guest") String password,
            @ConfigProperty(name = "rabbitmq-virtual-host", defaultValue = "/") String virtualHost,
            @ConfigProperty(name = "quarkus.application.name") String application,
            @ConfigProperty(name = "baton.events.client-name") Optional<String> clientName) {
        this.application = clientName.orElse(application);
        this.factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        factory.setConnectionTimeout(5_000);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1_000);
    }

    /** The name a connection opened for {@code purpose} carries on the broker. */
    public String connectionName(String purpose) {
        return "baton-" + application + "-" + purpose;
    }

    /** Opens a recovering connection named after {@code purpose} (for example {@code relay}, {@code subscriber}). */
    public Connection open(String purpose) throws IOException, TimeoutException {
        return factory.newConnection(connectionName(purpose));
    }
}
