package dev.baton.platform.testing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.baton.platform.events.CloudEventCodec;
import dev.baton.platform.events.WireMessage;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.UUID;

/**
 * Publishes real CloudEvents to the real RabbitMQ the way a producer's relay does (binary mode, persistent,
 * publisher confirms), or deliberately broken messages, for subscriber tests. One instance per test class.
 */
public final class TestBroker implements AutoCloseable {

    private final Connection connection;
    private final Channel channel;
    private final String exchange;

    /** Connects and declares {@code exchange} (durable topic, as the subscriber does). */
    public TestBroker(String exchange) throws Exception {
        var factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        this.connection = factory.newConnection("baton-test-publisher");
        this.channel = connection.createChannel();
        channel.confirmSelect();
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
        this.exchange = exchange;
    }

    /** A v1.0 event of {@code type} from {@code source} with JSON {@code data}, a fresh id and the current time. */
    public static CloudEvent event(String source, String type, String subject, String json) {
        return CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create(source))
                .withType(type)
                .withSubject(subject)
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(json.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** Publishes in binary mode and waits for the broker's confirm. */
    public void publish(CloudEvent event) throws Exception {
        publishRaw(event.getType(), CloudEventCodec.toAmqp(event));
    }

    /** Publishes in structured mode ({@code application/cloudevents+json}) and waits for the confirm. */
    public void publishStructured(CloudEvent event) throws Exception {
        publishRaw(event.getType(), CloudEventCodec.toStructured(event));
    }

    /** Publishes any message with {@code routingKey}, for malformed input. */
    public void publishRaw(String routingKey, WireMessage message) throws Exception {
        var props = new AMQP.BasicProperties.Builder()
                .contentType(message.contentType())
                .deliveryMode(2)
                .headers(new HashMap<>(message.headers()))
                .build();
        channel.basicPublish(exchange, routingKey, props, message.body());
        channel.waitForConfirmsOrDie(10_000);
    }

    /** Messages ready in {@code queue} (for example a dead-letter queue). */
    public long messageCount(String queue) throws Exception {
        return channel.messageCount(queue);
    }

    /** Removes a queue a test declared (or made the application declare). */
    public void deleteQueue(String queue) throws Exception {
        try (Channel ch = connection.createChannel()) {
            ch.queueDelete(queue);
        }
    }

    /** Removes an exchange a test declared. */
    public void deleteExchange(String name) throws Exception {
        try (Channel ch = connection.createChannel()) {
            ch.exchangeDelete(name);
        }
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
