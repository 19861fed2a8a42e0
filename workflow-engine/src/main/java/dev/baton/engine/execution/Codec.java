package dev.baton.engine.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.engine.expression.Values;
import dev.baton.engine.runtime.Outcome;
import dev.baton.engine.stdlib.Stdlib;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Conversions between workflow values, their stored JSON forms and outcomes. */
public final class Codec {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Codec() {
    }

    /** A value in the tagged JSON form that reads back exactly (bytes stay bytes). */
    public static JsonObject wrap(String key, Object value) {
        return new JsonObject("{\"" + key + "\":" + Values.toJson(value).toString() + "}");
    }

    /** Stored form of an outcome: {@code {"value": v}} or {@code {"error": e}}. */
    public static JsonObject outcome(Outcome o) {
        return o.error() != null ? wrap("error", o.error()) : wrap("value", o.value());
    }

    /** Reads a stored outcome back for the interpreter. */
    public static Outcome outcome(String callId, JsonObject stored) {
        try {
            JsonNode node = MAPPER.readTree(stored.encode());
            if (node.has("error") && !node.get("error").isNull()) {
                return new Outcome(callId, null, Values.fromJson(node.get("error")));
            }
            return Outcome.value(callId, Values.fromJson(node.get("value")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Plain JSON text (results, argument) of a value. */
    public static String json(Object value) {
        return new String(Stdlib.Json.encode(value, false), StandardCharsets.UTF_8);
    }

    /** Reads plain JSON text from outside (arguments, callback bodies). */
    public static Object parsePlain(String json) {
        try {
            return Values.fromPlainJson(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Stored call args ({@link #args(java.util.Map)}) back as workflow values. */
    @SuppressWarnings("unchecked")
    public static java.util.Map<String, Object> argsValue(JsonObject stored) {
        try {
            return (java.util.Map<String, Object>) Values.fromJson(MAPPER.readTree(stored.encode()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A workflow value as Vert.x JSON (maps and lists), for pending call args. */
    public static JsonObject args(java.util.Map<String, Object> args) {
        return new JsonObject(Values.toJson(args).toString());
    }
}
