package dev.baton.engine.execution;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** Google's Execution.error shape: {@code {payload, context, stackTrace: {elements: [{step, routine}]}}}. */
public final class Errors {

    private Errors() {
    }

    /**
     * The Execution.error of a failure.
     *
     * @param error the error value that escaped main (usually a map with message and tags)
     * @param where "routine/step" of the last step known, or null
     */
    public static JsonObject execution(Object error, String where) {
        String payload = Codec.json(error);
        String tag = "Error";
        String message = payload;
        if (error instanceof Map<?, ?> m) {
            if (m.get("tags") instanceof List<?> tags && !tags.isEmpty()) {
                tag = String.valueOf(tags.getFirst());
            }
            if (m.get("message") instanceof String s) {
                message = s;
            }
        } else if (error instanceof String s) {
            message = s;
        }
        StringBuilder context = new StringBuilder(tag).append(": ").append(message);
        JsonArray elements = new JsonArray();
        if (where != null) {
            int slash = where.indexOf('/');
            String routine = where.substring(0, slash);
            String step = where.substring(slash + 1);
            context.append("\nin step \"").append(step).append("\", routine \"").append(routine).append('"');
            elements.add(new JsonObject().put("step", step).put("routine", routine));
        }
        return new JsonObject().put("payload", payload).put("context", context.toString())
                .put("stackTrace", new JsonObject().put("elements", elements));
    }
}
