package dev.baton.platform.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The event backbone's configuration ({@code baton.events.*}). A deployable opts in to being a producer with
 * {@code baton.events.outbox.enabled=true} and to being a subscriber with
 * {@code baton.events.subscriber.enabled=true}; either one makes {@code DatabaseBootstrap} create the
 * platform's tables (schema {@code baton_platform}) in the deployable's own database.
 */
@ConfigMapping(prefix = "baton.events")
public interface EventsConfig {

    /**
     * Transport for publishing and receiving. Default {@code rabbitmq}; the {@code knative} profile sets
     * {@code http}. Changing it changes no code path above the transport.
     */
    @WithDefault("rabbitmq")
    EventTransport transport();

    /**
     * The RabbitMQ topic exchange every event is published to, with the event type as routing key. Default
     * {@code baton.events}; tests use their own so they never see each other's events.
     */
    @WithDefault("baton.events")
    String exchange();

    /**
     * Where events are POSTed in HTTP transport: the Knative Broker ingress, injected by a SinkBinding or
     * Knative Service as {@code K_SINK}. Required when {@link #transport()} is {@code http} and the outbox is on.
     */
    Optional<URI> sink();

    /**
     * The CloudEvent {@code source} of every event this deployable writes. Default
     * {@code /baton/<quarkus.application.name>}. Together with the event id it is the inbox's idempotency key,
     * so it must never change for a running system.
     */
    @WithDefault("/baton/${quarkus.application.name}")
    String source();

    /**
     * Names this deployable's broker connections ({@code baton-<client-name>-relay},
     * {@code baton-<client-name>-subscriber}). Default: {@code quarkus.application.name}. Tests set a unique one.
     */
    Optional<String> clientName();

    /** The producer side. */
    Outbox outbox();

    /** The consumer side. */
    Subscriber subscriber();

    /** Transactional outbox and its relay. */
    interface Outbox {

        /** Turn the outbox on: its table is migrated and the relay runs. Default false. */
        @WithDefault("false")
        boolean enabled();

        /**
         * How long the relay waits between polls when the last poll found nothing. Default 200ms. A poll that
         * publishes a full batch polls again at once.
         */
        @WithDefault("200ms")
        Duration pollInterval();

        /** At most this many events are published per relay round (one transaction). Default 100. */
        @WithDefault("100")
        int batchSize();

        /** How long a round waits for publisher confirms (or HTTP answers) before it gives up and retries. Default 5s. */
        @WithDefault("5s")
        Duration publishTimeout();

        /** Published events are deleted after this long; they are only kept for diagnosis. Default 7 days. */
        @WithDefault("P7D")
        Duration retention();
    }

    /** Consumption through the inbox. */
    interface Subscriber {

        /**
         * Turn consumption on: the inbox tables are migrated, the RabbitMQ consumer starts (rabbitmq transport)
         * and the {@code /cloudevents} and {@code /v1/dead-letters} endpoints exist. Read at build time too (the
         * endpoints are only built in when true). Default false.
         */
        @WithDefault("false")
        boolean enabled();

        /**
         * This subscriber's durable queue. Default: {@code quarkus.application.name}. Its dead-letter queue is
         * {@code <queue>.dead-letter}. Bindings are derived from the event types the deployable's handlers declare.
         */
        Optional<String> queue();

        /**
         * How many times a handler may fail for one event before the event is dead-lettered with the last error
         * as reason. Default 5. Malformed events and {@code PoisonEventException}s are dead-lettered at once.
         */
        @WithDefault("5")
        int maxAttempts();

        /** Unacknowledged deliveries RabbitMQ may push ahead of processing. Default 16. */
        @WithDefault("16")
        int prefetch();

        /**
         * Empty the queue and its dead-letter queue once, when the consumer first starts, before consuming. For a
         * system started on fresh databases (the launcher sets it with {@code --fresh-databases}): messages a
         * previous run left there belong to data that no longer exists, and the emptied inbox would apply them
         * again. Default false.
         */
        @WithDefault("false")
        boolean purgeAtStart();
    }
}
