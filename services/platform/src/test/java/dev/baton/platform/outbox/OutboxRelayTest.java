package dev.baton.platform.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.sun.net.httpserver.HttpServer;
import dev.baton.platform.db.DatabaseBootstrap;
import dev.baton.platform.db.DatabaseConfig;
import dev.baton.platform.db.PlatformMigrations;
import dev.baton.platform.events.BrokerConnections;
import dev.baton.platform.events.CloudEventCodec;
import dev.baton.platform.events.WireMessage;
import dev.baton.platform.testing.RabbitAdmin;
import io.cloudevents.CloudEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The relay against the real PostgreSQL and RabbitMQ: each test has its own exchange, queue and rows. */
class OutboxRelayTest {

    record Db(String host, int port, String name, String user, Optional<String> password, String adminDatabase,
            boolean createIfMissing) implements DatabaseConfig {
        @Override
        public boolean cleanAtStart() {
            return false;
        }
    }

    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final Db DB = new Db("127.0.0.1", 5432, "platform_outbox_" + SUFFIX, "postgres", Optional.empty(),
            "postgres", true);
    private static Vertx vertx;
    private static Pool pool;
    private static PGSimpleDataSource dataSource;
    private static Connection consumerConnection;

    private final Outbox outbox = new Outbox(new ObjectMapper(), URI.create("/baton/platform-test"));
    private final List<CloudEvent> received = new CopyOnWriteArrayList<>();
    private String exchange;

    @BeforeAll
    static void database() throws Exception {
        DatabaseBootstrap.createIfMissing(DB);
        PlatformMigrations.migrate(DB);
        vertx = Vertx.vertx();
        pool = Pool.pool(vertx, new PgConnectOptions().setHost("127.0.0.1").setPort(5432).setDatabase(DB.name())
                .setUser("postgres"), new PoolOptions().setMaxSize(4));
        dataSource = new PGSimpleDataSource();
        dataSource.setURL("jdbc:postgresql://127.0.0.1:5432/" + DB.name());
        dataSource.setUser("postgres");
        var factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        consumerConnection = factory.newConnection("platform-test-consumer");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        consumerConnection.close();
        pool.closeAndAwait();
        vertx.closeAndAwait();
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB.name() + " WITH (FORCE)");
        }
    }

    @BeforeEach
    void freshRowsAndExchange() throws Exception {
        try (var c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("TRUNCATE baton_platform.outbox_event");
        }
        exchange = "test.outbox." + UUID.randomUUID();
        Channel channel = consumerConnection.createChannel();
        // Declared as the relay declares it (durable); deleted after the test.
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, "#");
        channel.basicConsume(queue, true, (tag, delivery) -> received.add(CloudEventCodec.fromAmqp(
                WireMessage.fromAmqp(delivery.getProperties().getHeaders(), delivery.getProperties().getContentType(),
                        delivery.getBody()))), tag -> { });
    }

    @org.junit.jupiter.api.AfterEach
    void deleteExchange() throws Exception {
        try (Channel channel = consumerConnection.createChannel()) {
            channel.exchangeDelete(exchange);
        }
    }

    private void append(List<OutboxEvent> events, boolean commit) {
        pool.withTransaction(tx -> {
            var chain = io.smallrye.mutiny.Uni.createFrom().voidItem();
            for (OutboxEvent e : events) {
                chain = chain.flatMap(ignored -> outbox.append(tx, e)).replaceWithVoid();
            }
            return commit ? chain : chain.flatMap(ignored -> io.smallrye.mutiny.Uni.createFrom()
                    .failure(new IllegalStateException("rolled back on purpose")));
        }).onFailure(IllegalStateException.class).recoverWithNull().await().atMost(Duration.ofSeconds(10));
    }

    private static OutboxEvent event(String aggregate, int seq) {
        return OutboxEvent.of("dev.baton.test.happened.v1", aggregate, Map.of("aggregate", aggregate, "seq", seq));
    }

    private RabbitMqEventPublisher publisher(BrokerConnections broker) {
        return new RabbitMqEventPublisher(() -> {
            try {
                return broker.open("relay");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, exchange, Duration.ofSeconds(5));
    }

    private static BrokerConnections broker(String app) {
        return new BrokerConnections("127.0.0.1", 5672, "guest", "guest", "/", app);
    }

    private int pending() throws Exception {
        try (var c = dataSource.getConnection(); var s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM baton_platform.outbox_event WHERE state = 'PENDING'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void publishBatch_committedAndRolledBackAppends_publishesOnlyCommittedInIdOrder() throws Exception {
        var committed = List.of(event("a", 1), event("b", 1), event("a", 2));
        append(committed, true);
        append(List.of(event("c", 1)), false);

        try (var publisher = publisher(broker("platform-test-" + SUFFIX))) {
            var relay = new OutboxRelay(dataSource, publisher, 100);
            assertEquals(3, relay.publishBatch());
            assertEquals(0, relay.publishBatch());
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 3);
        assertEquals(committed.stream().map(OutboxEvent::id).toList(), received.stream().map(CloudEvent::getId).toList());
        CloudEvent first = received.get(0);
        assertEquals("/baton/platform-test", first.getSource().toString());
        assertEquals("dev.baton.test.happened.v1", first.getType());
        assertEquals("a", first.getSubject());
        assertEquals("a", first.getExtension("partitionkey"));
        assertEquals("application/json", first.getDataContentType());
        assertEquals(new ObjectMapper().readTree("{\"aggregate\":\"a\",\"seq\":1}"),
                new ObjectMapper().readTree(first.getData().toBytes()));
        assertEquals(0, pending());
    }

    @Test
    void publishBatch_crashAfterConfirmBeforeCommit_republishesTheSameEvents() throws Exception {
        var events = List.of(event("a", 1), event("a", 2));
        append(events, true);
        try (var real = publisher(broker("platform-test-" + SUFFIX))) {
            EventPublisher confirmsThenDies = new EventPublisher() {
                @Override
                public void publish(List<CloudEvent> batch) throws Exception {
                    real.publish(batch);
                    throw new IllegalStateException("relay died after the broker confirmed");
                }

                @Override
                public void close() {
                }
            };
            var e = assertThrows(IllegalStateException.class,
                    () -> new OutboxRelay(dataSource, confirmsThenDies, 100).publishBatch());
            assertEquals("relay died after the broker confirmed", e.getMessage());
            assertEquals(2, pending());
            try (var c = dataSource.getConnection(); var s = c.createStatement(); var rs = s.executeQuery(
                    "SELECT publish_attempts, last_error FROM baton_platform.outbox_event ORDER BY id LIMIT 1")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
                assertEquals("relay died after the broker confirmed", rs.getString(2));
            }

            assertEquals(2, new OutboxRelay(dataSource, real, 100).publishBatch());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 4);
        var ids = events.stream().map(OutboxEvent::id).toList();
        assertEquals(List.of(ids.get(0), ids.get(1), ids.get(0), ids.get(1)),
                received.stream().map(CloudEvent::getId).toList());
        assertEquals(0, pending());
    }

    @Test
    void publishBatch_brokerConnectionsClosedMidStream_losesNothingAndKeepsAggregateOrder() throws Exception {
        var events = new ArrayList<OutboxEvent>();
        for (int seq = 1; seq <= 60; seq++) {
            for (String aggregate : List.of("a", "b", "c")) {
                events.add(event(aggregate, seq));
            }
        }
        append(events, true);
        String app = "platform-test-loss-" + SUFFIX;
        var stop = new AtomicBoolean();
        var errors = new CopyOnWriteArrayList<String>();
        Thread relayThread;
        try (var publisher = publisher(broker(app))) {
            var relay = new OutboxRelay(dataSource, publisher, 10);
            relayThread = Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    try {
                        if (relay.publishBatch() == 0 && pendingQuietly() == 0) {
                            return;
                        }
                    } catch (Exception e) {
                        errors.add(String.valueOf(e.getMessage()));
                        Thread.onSpinWait();
                    }
                }
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 20);
            assertTrue(RabbitAdmin.closeConnectionsNamed("baton-" + app + "-relay") >= 1, "relay connection closed");
            relayThread.join(Duration.ofSeconds(60));
            stop.set(true);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> new LinkedHashSet<>(received.stream()
                .map(CloudEvent::getId).toList()).size() == events.size());
        assertEquals(0, pending());
        // Nothing lost: every id arrived. Order: per aggregate, the first arrival of each event is in seq order.
        Map<String, List<Integer>> firstArrivals = new HashMap<>();
        var seen = new java.util.HashSet<String>();
        for (CloudEvent e : received) {
            if (seen.add(e.getId())) {
                var data = new ObjectMapper().readTree(e.getData().toBytes());
                firstArrivals.computeIfAbsent(data.get("aggregate").asText(), k -> new ArrayList<>())
                        .add(data.get("seq").asInt());
            }
        }
        for (String aggregate : List.of("a", "b", "c")) {
            List<Integer> seqs = firstArrivals.get(aggregate);
            var sorted = new ArrayList<>(seqs);
            Collections.sort(sorted);
            assertEquals(sorted, seqs, "order of aggregate " + aggregate);
            assertEquals(60, seqs.size());
        }
    }

    private int pendingQuietly() {
        try {
            return pending();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void httpPublisher_knativeSink_postsBinaryModeCloudEventsInOrder() throws Exception {
        var requests = new CopyOnWriteArrayList<Map<String, String>>();
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext("/", exchange -> {
            var headers = new HashMap<String, String>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            headers.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(headers);
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        sink.start();
        try {
            var events = List.of(event("a", 1), event("a", 2));
            append(events, true);
            URI uri = URI.create("http://127.0.0.1:" + sink.getAddress().getPort() + "/");
            try (var publisher = new HttpEventPublisher(uri, Duration.ofSeconds(5))) {
                assertEquals(2, new OutboxRelay(dataSource, publisher, 100).publishBatch());
            }
            assertEquals(2, requests.size());
            Map<String, String> first = requests.get(0);
            assertEquals(events.get(0).id(), first.get("ce-id"));
            assertEquals(events.get(1).id(), requests.get(1).get("ce-id"));
            assertEquals("1.0", first.get("ce-specversion"));
            assertEquals("/baton/platform-test", first.get("ce-source"));
            assertEquals("dev.baton.test.happened.v1", first.get("ce-type"));
            assertEquals("a", first.get("ce-partitionkey"));
            assertEquals("application/json", first.get("content-type"));
            assertEquals(new ObjectMapper().readTree("{\"aggregate\":\"a\",\"seq\":1}"),
                    new ObjectMapper().readTree(first.get("body")));
            assertEquals(0, pending());
        } finally {
            sink.stop(0);
        }
    }
}
