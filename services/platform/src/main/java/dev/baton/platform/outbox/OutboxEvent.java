package dev.baton.platform.outbox;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An event a producer wants published once its transaction commits.
 *
 * @param id the CloudEvent id; unique per source. Derive it from the command's idempotency key when the command
 *           can be applied twice, so a retried command writes the same event id and the relay publishes it once
 * @param type the event type, for example {@code dev.baton.order.confirmed.v1}; also the routing key
 * @param aggregateId the entity the event is about (an order id); the relay keeps per-aggregate order and
 *                    publishes it as the {@code partitionkey} extension (Kafka and Knative partition on it)
 * @param subject the CloudEvent subject; defaults to {@code aggregateId}
 * @param time when the fact happened
 * @param data the event data: a record or map serialised with Jackson, or a {@code byte[]}/{@code String} that is
 *             already JSON
 * @param extensions further CloudEvent extension attributes (lower-case alphanumeric names)
 */
public record OutboxEvent(String id, String type, String aggregateId, String subject, OffsetDateTime time,
        Object data, Map<String, String> extensions) {

    /** Checks the required parts and fills the defaults. */
    public OutboxEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(data, "data");
        subject = subject == null ? aggregateId : subject;
        time = time == null ? OffsetDateTime.now(ZoneOffset.UTC) : time;
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /** An event with a random id, happening now, about {@code aggregateId}. */
    public static OutboxEvent of(String type, String aggregateId, Object data) {
        return new OutboxEvent(UUID.randomUUID().toString(), type, aggregateId, null, null, data, null);
    }

    /** The same event with another id (deterministic ids for idempotent commands). */
    public OutboxEvent withId(String newId) {
        return new OutboxEvent(newId, type, aggregateId, subject, time, data, extensions);
    }

    /** The same event at another time. */
    public OutboxEvent at(OffsetDateTime newTime) {
        return new OutboxEvent(id, type, aggregateId, subject, newTime, data, extensions);
    }
}
