package dev.baton.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates event data against the schema of its type. Producers call it in tests on every event they write to
 * their outbox; consumers call it on every event they receive and dead-letter what fails, so a producer that
 * drifts from the contract is caught on both sides.
 *
 * <p>Schemas are loaded once from the classpath and cached; the class is thread-safe.
 */
public final class EventSchemas {

    private static final String ROOT = "dev/baton/contracts/events/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    private EventSchemas() {
    }

    /** True when a schema exists for {@code type}. */
    public static boolean isKnown(String type) {
        return EventSchemas.class.getClassLoader().getResource(ROOT + type + ".schema.json") != null;
    }

    /**
     * Checks {@code data} (UTF-8 JSON) against the schema of {@code type}.
     *
     * @return the violations, each as {@code <json pointer>: <message>}, sorted; empty when the data is valid
     * @throws UnknownEventTypeException when no schema exists for {@code type}
     */
    public static List<String> validate(String type, byte[] data) {
        JsonSchema schema = schema(type);
        JsonNode node;
        try {
            node = JSON.readTree(data == null ? new byte[0] : data);
        } catch (IOException e) {
            return List.of("/: not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (node == null || node.isMissingNode()) {
            return List.of("/: no data");
        }
        return schema.validate(node).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /**
     * Like {@link #validate} but throws on the first invalid event.
     *
     * @throws ContractViolationException listing every violation
     */
    public static void requireValid(String type, byte[] data) {
        List<String> violations = validate(type, data);
        if (!violations.isEmpty()) {
            throw new ContractViolationException(type, violations);
        }
    }

    private static JsonSchema schema(String type) {
        return CACHE.computeIfAbsent(type, t -> {
            try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(ROOT + t + ".schema.json")) {
                if (in == null) {
                    throw new UnknownEventTypeException(t);
                }
                return FACTORY.getSchema(JSON.readTree(in), CONFIG);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the schema of " + t, e);
            }
        });
    }

    /** Thrown for a type without a schema: a typo or an event nobody has written a contract for. */
    public static final class UnknownEventTypeException extends IllegalArgumentException {
        UnknownEventTypeException(String type) {
            super("No schema for event type '" + type + "' under " + ROOT);
        }
    }

    /** Thrown by {@link #requireValid}; the message names the type and every violation. */
    public static final class ContractViolationException extends IllegalArgumentException {
        private final List<String> violations;

        ContractViolationException(String type, List<String> violations) {
            super("Data of " + type + " violates its schema: " + String.join("; ", violations));
            this.violations = List.copyOf(violations);
        }

        /** The violations, as returned by {@link #validate}. */
        public List<String> violations() {
            return violations;
        }
    }
}
