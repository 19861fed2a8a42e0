package dev.baton.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.platform.events.EventsConfig;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;

/**
 * Where a producer states a fact: {@link #append} inserts the event into {@code baton_platform.outbox_event}
 * on the connection of the producer's open transaction, so the event exists if and only if the effect committed.
 * The relay ({@link OutboxRelayService}) publishes it afterwards.
 *
 * <p>Per-aggregate order: append after the statement that changes (and so locks) the aggregate's row. Two
 * transactions on one aggregate then insert their events in commit order, and the relay publishes in id order.
 *
 * <p>Requires {@code baton.events.outbox.enabled=true} (which creates the table).
 */
@ApplicationScoped
public class Outbox {

    /** The data content type of every event Baton writes. */
    public static final String JSON = "application/json";
    /** Extension attribute carrying the aggregate id, the partition key Kafka and Knative sources understand. */
    public static final String PARTITION_KEY = "partitionkey";

    private final ObjectMapper mapper;
    private final URI source;

    @Inject
    public Outbox(ObjectMapper mapper, EventsConfig config) {
        this(mapper, URI.create(config.source()));
    }

    /** For use without CDI (tests, tools): events get {@code source} as their CloudEvent source. */
    public Outbox(ObjectMapper mapper, URI source) {
        this.mapper = mapper;
        this.source = source;
    }

    /**
     * Adds {@code event} to the outbox within the transaction {@code tx} belongs to.
     *
     * @return the CloudEvent as it will be published
     */
    public Uni<CloudEvent> append(SqlConnection tx, OutboxEvent event) {
        CloudEvent cloudEvent = toCloudEvent(event);
        var extensions = new JsonObject();
        for (String name : cloudEvent.getExtensionNames()) {
            extensions.put(name, String.valueOf(cloudEvent.getExtension(name)));
        }
        Tuple row = Tuple.tuple()
                .addString(cloudEvent.getId())
                .addString(cloudEvent.getSource().toString())
                .addString(cloudEvent.getType())
                .addString(cloudEvent.getSubject())
                .addString(event.aggregateId())
                .addOffsetDateTime(cloudEvent.getTime())
                .addString(JSON)
                .addBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(cloudEvent.getData().toBytes()))
                .addJsonObject(extensions);
        return tx.preparedQuery(OutboxQueries.OUTBOX_EVENT_INSERT).execute(row).replaceWith(cloudEvent);
    }

    /** The CloudEvent {@link #append} would store; producers' tests validate it against the contract. */
    public CloudEvent toCloudEvent(OutboxEvent event) {
        var extensions = new HashMap<>(event.extensions());
        extensions.put(PARTITION_KEY, event.aggregateId());
        var builder = CloudEventBuilder.v1()
                .withId(event.id())
                .withSource(source)
                .withType(event.type())
                .withSubject(event.subject())
                .withTime(event.time())
                .withDataContentType(JSON)
                .withData(serialise(event.data()));
        extensions.forEach(builder::withExtension);
        return builder.build();
    }

    private byte[] serialise(Object data) {
        if (data instanceof byte[] bytes) {
            return bytes;
        }
        if (data instanceof String json) {
            return json.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return mapper.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event data of type " + data.getClass().getName()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
