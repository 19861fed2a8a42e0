package dev.baton.platform.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps CloudEvents 1.0 to and from the two transports Baton uses, in both content modes.
 *
 * <p>AMQP 0-9-1 (RabbitMQ), binary mode, following the CloudEvents AMQP protocol binding: each context attribute
 * is a message header named {@code cloudEvents_<attribute>} (the binding's JMS-friendly prefix; the older
 * {@code cloudEvents:} prefix is accepted on read), {@code datacontenttype} travels as the AMQP content-type
 * property and the data is the body. HTTP (Knative Broker and Triggers), binary mode, following the HTTP binding:
 * headers {@code ce-<attribute>}, Content-Type, body. On both transports a content type of
 * {@code application/cloudevents+json} means structured mode: the whole event is the JSON body; it is accepted
 * on read, while Baton always writes binary mode because the data stays readable and headers can be routed on.
 *
 * <p>Only spec version 1.0 is accepted; anything unreadable raises {@link MalformedEventException}.
 */
public final class CloudEventCodec {

    /** Header prefix for attributes in AMQP binary mode. */
    public static final String AMQP_PREFIX = "cloudEvents_";
    /** The prefix early drafts of the AMQP binding used; read, never written. */
    static final String AMQP_LEGACY_PREFIX = "cloudEvents:";
    /** Header prefix for attributes in HTTP binary mode (header names compared in lower case). */
    public static final String HTTP_PREFIX = "ce-";
    /** Content type of structured mode with the JSON event format. */
    public static final String STRUCTURED_JSON = "application/cloudevents+json";

    private static final JsonFormat JSON_FORMAT = new JsonFormat();
    private static final Set<String> REQUIRED = Set.of("id", "source", "type", "specversion");

    private CloudEventCodec() {
    }

    /** Encodes {@code event} for RabbitMQ in binary mode. */
    public static WireMessage toAmqp(CloudEvent event) {
        return new WireMessage(attributes(event, AMQP_PREFIX), event.getDataContentType(), data(event));
    }

    /** Encodes {@code event} for HTTP in binary mode (header names in lower case). */
    public static WireMessage toHttp(CloudEvent event) {
        return new WireMessage(attributes(event, HTTP_PREFIX), event.getDataContentType(), data(event));
    }

    /** Encodes {@code event} in structured mode: the JSON event format as the body. */
    public static WireMessage toStructured(CloudEvent event) {
        return new WireMessage(Map.of(), STRUCTURED_JSON, JSON_FORMAT.serialize(event));
    }

    /** Decodes a message received from RabbitMQ, binary or structured. */
    public static CloudEvent fromAmqp(WireMessage message) {
        if (isStructured(message.contentType())) {
            return structured(message.body());
        }
        var attrs = new TreeMap<String, String>();
        message.headers().forEach((name, value) -> {
            if (name.startsWith(AMQP_PREFIX)) {
                attrs.put(name.substring(AMQP_PREFIX.length()), value);
            } else if (name.startsWith(AMQP_LEGACY_PREFIX)) {
                attrs.putIfAbsent(name.substring(AMQP_LEGACY_PREFIX.length()), value);
            }
        });
        return binary(attrs, message.contentType(), message.body());
    }

    /** Decodes a message received over HTTP (header names in lower case), binary or structured. */
    public static CloudEvent fromHttp(WireMessage message) {
        if (isStructured(message.contentType())) {
            return structured(message.body());
        }
        var attrs = new TreeMap<String, String>();
        message.headers().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(HTTP_PREFIX)) {
                attrs.put(lower.substring(HTTP_PREFIX.length()), value);
            }
        });
        return binary(attrs, message.contentType(), message.body());
    }

    private static boolean isStructured(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(STRUCTURED_JSON);
    }

    private static CloudEvent structured(byte[] body) {
        CloudEvent event;
        try {
            event = JSON_FORMAT.deserialize(body);
        } catch (RuntimeException e) {
            throw new MalformedEventException("structured CloudEvent is not readable: " + e.getMessage(), e);
        }
        if (!"1.0".equals(event.getSpecVersion().toString())) {
            throw new MalformedEventException("unsupported specversion " + event.getSpecVersion());
        }
        return event;
    }

    private static CloudEvent binary(Map<String, String> attrs, String contentType, byte[] body) {
        for (String name : REQUIRED) {
            String value = attrs.get(name);
            if (value == null || value.isBlank()) {
                throw new MalformedEventException("missing required CloudEvent attribute '" + name + "'");
            }
        }
        if (!"1.0".equals(attrs.get("specversion"))) {
            throw new MalformedEventException("unsupported specversion " + attrs.get("specversion"));
        }
        var builder = CloudEventBuilder.v1()
                .withId(attrs.get("id"))
                .withSource(uri("source", attrs.get("source")))
                .withType(attrs.get("type"));
        if (contentType != null) {
            builder.withDataContentType(contentType);
        }
        if (body.length > 0) {
            builder.withData(body);
        }
        attrs.forEach((name, value) -> {
            switch (name) {
                case "id", "source", "type", "specversion", "datacontenttype" -> { }
                case "subject" -> builder.withSubject(value);
                case "dataschema" -> builder.withDataSchema(uri("dataschema", value));
                case "time" -> {
                    try {
                        builder.withTime(OffsetDateTime.parse(value));
                    } catch (DateTimeParseException e) {
                        throw new MalformedEventException("attribute 'time' is not an RFC 3339 timestamp: " + value, e);
                    }
                }
                default -> {
                    try {
                        builder.withExtension(name, value);
                    } catch (RuntimeException e) {
                        throw new MalformedEventException("extension attribute '" + name + "' is invalid: "
                                + e.getMessage(), e);
                    }
                }
            }
        });
        return builder.build();
    }

    private static URI uri(String attribute, String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new MalformedEventException("attribute '" + attribute + "' is not a URI reference: " + value, e);
        }
    }

    private static Map<String, String> attributes(CloudEvent event, String prefix) {
        var headers = new TreeMap<String, String>();
        headers.put(prefix + "specversion", event.getSpecVersion().toString());
        headers.put(prefix + "id", event.getId());
        headers.put(prefix + "source", event.getSource().toString());
        headers.put(prefix + "type", event.getType());
        if (event.getSubject() != null) {
            headers.put(prefix + "subject", event.getSubject());
        }
        if (event.getTime() != null) {
            // RFC 3339 needs the seconds, which OffsetDateTime.toString() drops when they are zero.
            headers.put(prefix + "time", event.getTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
        if (event.getDataSchema() != null) {
            headers.put(prefix + "dataschema", event.getDataSchema().toString());
        }
        for (String name : event.getExtensionNames()) {
            headers.put(prefix + name, String.valueOf(event.getExtension(name)));
        }
        return headers;
    }

    private static byte[] data(CloudEvent event) {
        return event.getData() == null ? new byte[0] : event.getData().toBytes();
    }
}
