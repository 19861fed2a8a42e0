package dev.baton.platform.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness depends on a live AMQP connection to RabbitMQ, not just on an open TCP port: the check keeps one
 * connection and reopens it when the broker has dropped it.
 *
 * <p>The messaging connector reports its own channels' health too, but a deployable that has no channel yet (or
 * only channels that are idle) would otherwise look ready with the broker down. The connection settings are the
 * connector's global keys ({@code rabbitmq-host}, {@code rabbitmq-port}, {@code rabbitmq-username},
 * {@code rabbitmq-password}, {@code rabbitmq-virtual-host}), so both always talk to the same broker.
 */
@Readiness
@ApplicationScoped
public class BrokerReadinessCheck implements AsyncHealthCheck {

    static final String NAME = "RabbitMQ broker";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final Vertx vertx;
    private final RabbitMQOptions options;
    private RabbitMQClient client;

    public BrokerReadinessCheck(Vertx vertx,
            @ConfigProperty(name = "rabbitmq-host", defaultValue = "127.0.0.1") String host,
            @ConfigProperty(name = "rabbitmq-port", defaultValue = "5672") int port,
            @ConfigProperty(name = "rabbitmq-username", defaultValue = "guest") String user,
            @ConfigProperty(name = "rabbitmq-password", defaultValue = "guest") String password,
            @ConfigProperty(name = "rabbitmq-virtual-host", defaultValue = "/") String virtualHost) {
        this.vertx = vertx;
        this.options = new RabbitMQOptions()
                .setHost(host)
                .setPort(port)
                .setUser(user)
                .setPassword(password)
                .setVirtualHost(virtualHost)
                .setConnectionTimeout((int) CONNECT_TIMEOUT.toMillis())
                .setAutomaticRecoveryEnabled(false)
                .setReconnectAttempts(0)
                .setConnectionName("baton-readiness");
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        String where = options.getHost() + ":" + options.getPort();
        return connect()
                .map(ignored -> HealthCheckResponse.named(NAME).up().withData("broker", where).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(NAME).down()
                        .withData("broker", where)
                        .withData("error", String.valueOf(e.getMessage()))
                        .build());
    }

    private synchronized Uni<Void> connect() {
        if (client != null && client.isConnected()) {
            return Uni.createFrom().voidItem();
        }
        RabbitMQClient stale = client;
        if (stale != null) {
            stale.stop().subscribe().with(ok -> { }, err -> { });
        }
        RabbitMQClient fresh = RabbitMQClient.create(vertx, options);
        client = fresh;
        return fresh.start().ifNoItem().after(CONNECT_TIMEOUT.plusSeconds(1)).fail();
    }

    @PreDestroy
    synchronized void close() {
        if (client != null && client.isConnected()) {
            client.stop().await().atMost(CONNECT_TIMEOUT);
        }
    }
}
