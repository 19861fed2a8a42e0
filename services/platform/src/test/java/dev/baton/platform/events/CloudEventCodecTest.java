package dev.baton.platform.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CloudEventCodecTest {

    private static final byte[] DATA = "{\"orderId\":\"o-1\"}".getBytes(StandardCharsets.UTF_8);

    private static CloudEvent event() {
        return CloudEventBuilder.v1()
                .withId("e-1")
                .withSource(URI.create("/baton/order"))
                .withType("dev.baton.order.confirmed.v1")
                .withSubject("o-1")
                .withTime(OffsetDateTime.parse("2026-11-21T14:00:00Z"))
                .withDataContentType("application/json")
                .withExtension("partitionkey", "o-1")
                .withData(DATA)
                .build();
    }

    @Test
    void toAmqp_fullEvent_writesPrefixedHeadersContentTypeAndBody() {
        WireMessage wire = CloudEventCodec.toAmqp(event());
        assertEquals(new TreeMap<>(Map.of(
                "cloudEvents_specversion", "1.0",
                "cloudEvents_id", "e-1",
                "cloudEvents_source", "/baton/order",
                "cloudEvents_type", "dev.baton.order.confirmed.v1",
                "cloudEvents_subject", "o-1",
                "cloudEvents_time", "2026-11-21T14:00:00Z",
                "cloudEvents_partitionkey", "o-1")), new TreeMap<>(wire.headers()));
        assertEquals("application/json", wire.contentType());
        assertArrayEquals(DATA, wire.body());
    }

    @Test
    void fromAmqp_binaryRoundTrip_equalsOriginal() {
        assertEquals(event(), CloudEventCodec.fromAmqp(CloudEventCodec.toAmqp(event())));
    }

    @Test
    void fromAmqp_legacyColonPrefix_isAccepted() {
        var headers = new HashMap<String, String>();
        CloudEventCodec.toAmqp(event()).headers().forEach((k, v) -> headers.put(k.replace("cloudEvents_", "cloudEvents:"), v));
        assertEquals(event(), CloudEventCodec.fromAmqp(new WireMessage(headers, "application/json", DATA)));
    }

    @Test
    void fromAmqp_structuredJson_equalsOriginal() {
        WireMessage structured = CloudEventCodec.toStructured(event());
        assertEquals("application/cloudevents+json", structured.contentType());
        CloudEvent decoded = CloudEventCodec.fromAmqp(structured);
        assertEquals("e-1", decoded.getId());
        assertEquals("dev.baton.order.confirmed.v1", decoded.getType());
        assertEquals("o-1", decoded.getExtension("partitionkey"));
        assertEquals("{\"orderId\":\"o-1\"}", new String(decoded.getData().toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void fromHttp_binaryWithMixedCaseHeaders_equalsOriginal() {
        var headers = new HashMap<String, String>();
        CloudEventCodec.toHttp(event()).headers().forEach((k, v) -> headers.put(k.replace("ce-", "Ce-"), v));
        assertEquals(event(), CloudEventCodec.fromHttp(WireMessage.fromHttp(headers, "application/json", DATA)));
    }

    @Test
    void fromAmqp_missingId_namesTheAttribute() {
        var headers = new HashMap<>(CloudEventCodec.toAmqp(event()).headers());
        headers.remove("cloudEvents_id");
        var e = assertThrows(MalformedEventException.class,
                () -> CloudEventCodec.fromAmqp(new WireMessage(headers, "application/json", DATA)));
        assertEquals("missing required CloudEvent attribute 'id'", e.getMessage());
    }

    @Test
    void fromAmqp_oldSpecVersion_isRejected() {
        var headers = new HashMap<>(CloudEventCodec.toAmqp(event()).headers());
        headers.put("cloudEvents_specversion", "0.3");
        var e = assertThrows(MalformedEventException.class,
                () -> CloudEventCodec.fromAmqp(new WireMessage(headers, "application/json", DATA)));
        assertEquals("unsupported specversion 0.3", e.getMessage());
    }

    @Test
    void fromAmqp_badTime_quotesTheValue() {
        var headers = new HashMap<>(CloudEventCodec.toAmqp(event()).headers());
        headers.put("cloudEvents_time", "yesterday");
        var e = assertThrows(MalformedEventException.class,
                () -> CloudEventCodec.fromAmqp(new WireMessage(headers, "application/json", DATA)));
        assertEquals("attribute 'time' is not an RFC 3339 timestamp: yesterday", e.getMessage());
    }

    @Test
    void fromAmqp_structuredNotJson_isMalformed() {
        var e = assertThrows(MalformedEventException.class, () -> CloudEventCodec.fromAmqp(new WireMessage(Map.of(),
                "application/cloudevents+json", "{oops".getBytes(StandardCharsets.UTF_8))));
        assertEquals(true, e.getMessage().startsWith("structured CloudEvent is not readable"), e.getMessage());
    }
}
