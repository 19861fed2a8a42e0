package dev.baton.platform.outbox;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.baton.platform.events.CloudEventCodec;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Publishes to a RabbitMQ topic exchange in AMQP binary mode with the event type as routing key, persistent
 * delivery and publisher confirms: {@link #publish} returns only after the broker confirmed every message of the
 * batch (for durable queues, that means written to disk).
 */
public final class RabbitMqEventPublisher implements EventPublisher {

    private static final Logger LOG = Logger.getLogger(RabbitMqEventPublisher.class);

    private final Supplier<Connection> connector;
    private final String exchange;
    private final Duration confirmTimeout;
    private Connection connection;
    private Channel channel;

    /**
     * @param connector opens the (recovering) connection, lazily and again after a failure
     * @param exchange the topic exchange, declared durable on first use
     * @param confirmTimeout how long to wait for the confirms of one batch
     */
    public RabbitMqEventPublisher(Supplier<Connection> connector, String exchange, Duration confirmTimeout) {
        this.connector = connector;
        this.exchange = exchange;
        this.confirmTimeout = confirmTimeout;
    }

    @Override
    public void publish(List<CloudEvent> events) throws Exception {
        Channel ch = channel();
        try {
            for (CloudEvent event : events) {
                var message = CloudEventCodec.toAmqp(event);
                var props = new AMQP.BasicProperties.Builder()
                        .contentType(message.contentType())
                        .deliveryMode(2)
                        .messageId(event.getId())
                        .timestamp(event.getTime() == null ? null : Date.from(event.getTime().toInstant()))
                        .headers(new HashMap<>(message.headers()))
                        .build();
                ch.basicPublish(exchange, event.getType(), false, props, message.body());
            }
            ch.waitForConfirmsOrDie(confirmTimeout.toMillis());
        } catch (Exception e) {
            // A channel that timed out or was nacked may hold a half-confirmed batch: start the next on a new one.
            dropChannel();
            throw e;
        }
    }

    private Channel channel() throws Exception {
        if (connection == null) {
            // Opened once: after a broker-side close the client recovers it by itself.
            connection = connector.get();
        }
        if (channel == null || !channel.isOpen()) {
            channel = connection.createChannel();
            channel.confirmSelect();
            channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
        }
        return channel;
    }

    private void dropChannel() {
        Channel ch = channel;
        channel = null;
        if (ch != null && ch.isOpen()) {
            try {
                ch.close();
            } catch (Exception e) {
                LOG.debugf("Closing a failed publisher channel: %s", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        dropChannel();
        if (connection != null && connection.isOpen()) {
            try {
                connection.close();
            } catch (Exception e) {
                LOG.debugf("Closing the relay connection: %s", e.getMessage());
            }
        }
    }
}
