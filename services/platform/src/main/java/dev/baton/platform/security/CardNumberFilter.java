package dev.baton.platform.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.platform.rest.Problem;
import io.quarkus.arc.properties.UnlessBuildProperty;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Keeps card numbers out: when {@code baton.card-number-filter.enabled=true} ({@link CardNumberFilterConfig}), every
 * request body and query parameter is searched for something that looks like a card number ({@link CardNumbers})
 * before it is parsed into a command, validated, stored or logged, and such a request is refused with 422
 * {@code urn:baton:problem:card-number-refused} naming each field (a JSON path such as {@code lineItems[1].description},
 * a query parameter, or {@code body}) but never echoing the value. Baton takes the gateway's tokens only.
 *
 * <p>Runs after authentication filters: an unauthenticated caller learns nothing about what it sent.
 */
// Answers problem+json, the Baton-own error shape: not on the Google-compatible deployables.
@UnlessBuildProperty(name = "baton.problem-json.enabled", stringValue = "false", enableIfMissing = true)
public class CardNumberFilter {

    /** The problem type of the refusal. */
    public static final String TYPE = "urn:baton:problem:card-number-refused";
    /** The message of each violation. */
    public static final String MESSAGE = "looks like a card number; send a payment method token (tok_...), "
            + "never card data";

    private final ObjectMapper mapper;
    private final BooleanSupplier enabledSetting;
    private volatile Boolean enabled;

    // Filters are built while the application is initialised, before run-time configuration exists: the switch is
    // read on the first request.
    @Inject
    public CardNumberFilter(ObjectMapper mapper, Instance<CardNumberFilterConfig> config) {
        this(mapper, () -> config.get().enabled());
    }

    CardNumberFilter(ObjectMapper mapper, BooleanSupplier enabledSetting) {
        this.mapper = mapper;
        this.enabledSetting = enabledSetting;
    }

    /** Runs once the body has been read into memory (readBody), so reading it here blocks nothing. */
    @ServerRequestFilter(readBody = true)
    public Response refuseCardNumbers(ContainerRequestContext context) {
        if (!enabled()) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, List<String>> param : context.getUriInfo().getQueryParameters().entrySet()) {
            if (param.getValue().stream().anyMatch(CardNumbers::containsCardNumber)) {
                fields.add(param.getKey());
            }
        }
        if (context.hasEntity()) {
            byte[] body = read(context);
            context.setEntityStream(new ByteArrayInputStream(body));
            fields.addAll(fieldsWithCardNumbers(body));
        }
        if (fields.isEmpty()) {
            return null;
        }
        var violations = fields.stream().distinct().sorted().map(f -> new Problem.Violation(f, MESSAGE)).toList();
        var problem = new Problem(TYPE, "Card number refused", 422,
                String.join(", ", violations.stream().map(Problem.Violation::field).toList()) + ": " + MESSAGE,
                context.getUriInfo().getPath(), violations);
        return Response.status(422).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private boolean enabled() {
        Boolean on = enabled;
        if (on == null) {
            on = enabledSetting.getAsBoolean();
            enabled = on;
        }
        return on;
    }

    /** Paths of the JSON values that look like card numbers; for a body that is not JSON, the whole body. */
    List<String> fieldsWithCardNumbers(byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            // Not JSON: the mappers will say so, but their message may quote the input, so search it raw first.
            return CardNumbers.containsCardNumber(new String(body, StandardCharsets.UTF_8)) ? List.of("body")
                    : List.of();
        }
        var found = new ArrayList<String>();
        if (root != null) {
            walk(root, "", found);
        }
        if (found.isEmpty() && CardNumbers.containsCardNumber(new String(body, StandardCharsets.UTF_8))) {
            // The tree hides how a number was written (a float reads back as 4.111111111111111E15): the raw text
            // does not.
            found.add("body");
        }
        return found;
    }

    private static void walk(JsonNode node, String path, List<String> found) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (CardNumbers.containsCardNumber(field.getKey())) {
                    found.add(path.isEmpty() ? "body" : path);
                }
                walk(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", found);
            }
        } else if (node.isTextual() || node.isNumber()) {
            // A card number sent as a JSON number is still a card number.
            String text = node.isTextual() ? node.textValue() : node.decimalValue().toPlainString();
            if (CardNumbers.containsCardNumber(text)) {
                found.add(path.isEmpty() ? "body" : path);
            }
        }
    }

    private static byte[] read(ContainerRequestContext context) {
        try {
            return context.getEntityStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
