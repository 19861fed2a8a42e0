package dev.baton.platform.inbox;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import dev.baton.platform.events.BrokerConnections;
import dev.baton.platform.events.EventTransport;
import dev.baton.platform.events.EventsConfig;
import dev.baton.platform.events.WireMessage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The subscriber's RabbitMQ side, on when {@code baton.events.subscriber.enabled=true} and the transport is
 * {@code rabbitmq}. On start it declares the topology (idempotently, so every instance may):
 *
 * <ul>
 *   <li>the topic exchange {@code baton.events.exchange} (durable);</li>
 *   <li>the durable queue {@code <queue>}, bound once per event type a handler consumes, which dead-letters
 *       rejected messages through the default exchange to</li>
 *   <li>the durable queue {@code <queue>.dead-letter}: the broker-side copy of everything given up on (the
 *       {@code dead_letter} table holds the same messages with their reasons, and is what replay reads).</li>
 * </ul>
 *
 * <p>Deliveries are acknowledged manually after the inbox decided: applied or duplicate: ack; retry: reject with
 * requeue; dead: reject without requeue (to the dead-letter queue). A delivery that is never acknowledged because
 * the process or the connection died comes again and the inbox recognises it.
 */
@ApplicationScoped
public class RabbitMqSubscriber {

    private static final Logger LOG = Logger.getLogger(RabbitMqSubscriber.class);
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INFRASTRUCTURE_BACKOFF = Duration.ofMillis(500);

    private final EventsConfig config;
    private final InboxProcessor processor;
    private final BrokerConnections broker;
    private final String queue;
    private static final Duration CONNECT_RETRY = Duration.ofSeconds(2);

    private volatile Connection connection;
    /** Purge at start happens once: a reconnect after a failed first attempt must not drop live messages. */
    private boolean purged;
    private ScheduledExecutorService retrier;

    public RabbitMqSubscriber(EventsConfig config, InboxProcessor processor, BrokerConnections broker,
            @ConfigProperty(name = "quarkus.application.name") String application) {
        this.config = config;
        this.processor = processor;
        this.broker = broker;
        this.queue = config.subscriber().queue().orElse(application);
    }

    /** The queue this subscriber consumes. */
    public String queue() {
        return queue;
    }

    /** Its dead-letter queue. */
    public String deadLetterQueue() {
        return queue + ".dead-letter";
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.subscriber().enabled() || config.transport() != EventTransport.RABBITMQ) {
            return;
        }
        retrier = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "baton-subscriber-connect");
            t.setDaemon(true);
            return t;
        });
        retrier.execute(this::connectOrRetry);
    }

    /**
     * The broker may be down when the application starts (readiness says so meanwhile); keep trying instead of
     * failing the start. Once connected, the client's own recovery takes over.
     */
    private void connectOrRetry() {
        try {
            consume();
        } catch (Exception e) {
            LOG.warnf("Cannot consume %s yet, retrying in %s: %s", queue, CONNECT_RETRY, e.getMessage());
            closeQuietly();
            if (!retrier.isShutdown()) {
                retrier.schedule(this::connectOrRetry, CONNECT_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void consume() throws Exception {
        connection = broker.open("subscriber");
        Channel channel = connection.createChannel();
        channel.exchangeDeclare(config.exchange(), BuiltinExchangeType.TOPIC, true);
        channel.queueDeclare(deadLetterQueue(), true, false, false, null);
        channel.queueDeclare(queue, true, false, false, Map.of(
                "x-dead-letter-exchange", "",
                "x-dead-letter-routing-key", deadLetterQueue()));
        for (String type : processor.subscribedTypes()) {
            channel.queueBind(queue, config.exchange(), type);
        }
        if (config.subscriber().purgeAtStart() && !purged) {
            int left = channel.queuePurge(queue).getMessageCount();
            int dead = channel.queuePurge(deadLetterQueue()).getMessageCount();
            purged = true;
            LOG.infof("Purged %d message(s) from %s and %d from %s (purge-at-start)", left, queue, dead,
                    deadLetterQueue());
        }
        channel.basicQos(config.subscriber().prefetch());
        channel.basicConsume(queue, false, "baton-" + queue,
                (tag, delivery) -> onDelivery(channel, delivery),
                tag -> LOG.warnf("Consumer of %s was cancelled by the broker", queue));
        LOG.infof("Consuming %s from exchange %s for %s", queue, config.exchange(), processor.subscribedTypes());
    }

    private void onDelivery(Channel channel, Delivery delivery) throws IOException {
        long tag = delivery.getEnvelope().getDeliveryTag();
        var props = delivery.getProperties();
        var raw = WireMessage.fromAmqp(props.getHeaders(), props.getContentType(), delivery.getBody());
        InboxResult result;
        try {
            // The client runs each channel's deliveries one at a time on its own threads, so waiting here keeps
            // the queue's order and never blocks an event loop.
            result = processor.process(raw, EventTransport.RABBITMQ).await().atMost(PROCESS_TIMEOUT);
        } catch (RuntimeException e) {
            // The database is unreachable or slow: nothing was decided, so the message goes back unchanged.
            LOG.warnf("Inbox unavailable, requeueing delivery: %s", e.getMessage());
            LockSupport.parkNanos(INFRASTRUCTURE_BACKOFF.toNanos());
            channel.basicReject(tag, true);
            return;
        }
        switch (result.outcome()) {
            case APPLIED, DUPLICATE -> channel.basicAck(tag, false);
            case RETRY -> channel.basicReject(tag, true);
            case DEAD -> channel.basicReject(tag, false);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (retrier != null) {
            retrier.shutdownNow();
        }
        closeQuietly();
    }

    private void closeQuietly() {
        if (connection != null && connection.isOpen()) {
            try {
                connection.close(5_000);
            } catch (IOException e) {
                LOG.debugf("Closing the subscriber connection: %s", e.getMessage());
            }
        }
    }
}
