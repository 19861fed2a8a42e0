package dev.baton.platform.events;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One event as it travels: transport headers (AMQP message headers, or HTTP headers with lower-case names), the
 * content type and the body bytes. The inbox keeps this exact form for dead letters, so a replay sees what the
 * broker delivered, not a re-encoding of it.
 *
 * @param headers header values as text (AMQP {@code LongString}s and numbers are converted with toString)
 * @param contentType the AMQP content-type property or HTTP Content-Type; null when absent
 * @param body the payload, never null
 */
public record WireMessage(Map<String, String> headers, String contentType, byte[] body) {

    /** Normalises null headers and body, and copies the headers so later changes cannot leak in. */
    public WireMessage {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** Builds a message from AMQP headers, whose values the RabbitMQ client delivers as LongString and friends. */
    public static WireMessage fromAmqp(Map<String, Object> amqpHeaders, String contentType, byte[] body) {
        var text = new TreeMap<String, String>();
        if (amqpHeaders != null) {
            amqpHeaders.forEach((k, v) -> {
                if (v != null) {
                    text.put(k, v.toString());
                }
            });
        }
        return new WireMessage(text, contentType, body);
    }

    /** Builds a message from HTTP headers; names are lower-cased because HTTP header names are case-insensitive. */
    public static WireMessage fromHttp(Map<String, String> httpHeaders, String contentType, byte[] body) {
        var lower = new TreeMap<String, String>();
        httpHeaders.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return new WireMessage(lower, contentType, body);
    }
}
