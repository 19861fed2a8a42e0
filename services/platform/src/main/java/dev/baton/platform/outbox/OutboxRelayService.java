package dev.baton.platform.outbox;

import dev.baton.platform.events.BrokerConnections;
import dev.baton.platform.events.EventTransport;
import dev.baton.platform.events.EventsConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the {@link OutboxRelay} on one daemon thread while the deployable is up, when
 * {@code baton.events.outbox.enabled=true}: a round that published a full batch runs again at once, an empty one
 * waits {@code baton.events.outbox.poll-interval}, a failed one waits a second and retries the same batch.
 * Published rows older than {@code baton.events.outbox.retention} are deleted once a minute.
 */
@ApplicationScoped
public class OutboxRelayService {

    private static final Logger LOG = Logger.getLogger(OutboxRelayService.class);
    private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(1);
    private static final Duration CLEANUP_EVERY = Duration.ofMinutes(1);

    private final EventsConfig config;
    private final AgroalDataSource dataSource;
    private final BrokerConnections broker;
    private ScheduledExecutorService executor;
    private EventPublisher publisher;
    private OutboxRelay relay;
    private Instant nextCleanup = Instant.EPOCH;
    private volatile boolean running;

    public OutboxRelayService(EventsConfig config, AgroalDataSource dataSource, BrokerConnections broker) {
        this.config = config;
        this.dataSource = dataSource;
        this.broker = broker;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.outbox().enabled()) {
            return;
        }
        publisher = switch (config.transport()) {
            case RABBITMQ -> new RabbitMqEventPublisher(() -> {
                try {
                    return broker.open("relay");
                } catch (Exception e) {
                    throw new UncheckedIOException(new java.io.IOException(
                            "Cannot connect to RabbitMQ: " + e.getMessage(), e));
                }
            }, config.exchange(), config.outbox().publishTimeout());
            case HTTP -> new HttpEventPublisher(config.sink().orElseThrow(() -> new IllegalStateException(
                    "baton.events.transport=http needs baton.events.sink (K_SINK) to publish the outbox")),
                    config.outbox().publishTimeout());
        };
        relay = new OutboxRelay(dataSource, publisher, config.outbox().batchSize());
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "baton-outbox-relay");
            t.setDaemon(true);
            return t;
        });
        running = true;
        executor.execute(this::round);
        LOG.infof("Outbox relay started (%s transport%s)", config.transport().name().toLowerCase(),
                config.transport() == EventTransport.RABBITMQ ? ", exchange " + config.exchange() : "");
    }

    private void round() {
        if (!running) {
            return;
        }
        Duration next;
        try {
            int published = relay.publishBatch();
            next = published >= config.outbox().batchSize() ? Duration.ZERO : config.outbox().pollInterval();
            if (Instant.now().isAfter(nextCleanup)) {
                nextCleanup = Instant.now().plus(CLEANUP_EVERY);
                relay.deletePublishedBefore(Instant.now().minus(config.outbox().retention()));
            }
        } catch (Exception e) {
            LOG.warnf("Outbox relay round failed, retrying in %s: %s", FAILURE_BACKOFF, e.getMessage());
            next = FAILURE_BACKOFF;
        }
        if (running) {
            executor.schedule(this::round, next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (publisher != null) {
            publisher.close();
        }
    }
}
