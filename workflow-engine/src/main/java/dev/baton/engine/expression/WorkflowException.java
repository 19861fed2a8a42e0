package dev.baton.engine.expression;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Workflows runtime error on its way up through Java code (the expression evaluator and stdlib functions).
 * The runtime catches it at the step boundary and from there on the error travels as a plain value (the
 * {@link #error()} map) until a {@code try} handles it or the execution fails with it.
 */
public final class WorkflowException extends RuntimeException {
    private final Object error;

    /** Raises {@code error}: usually a map with tags and message, but a workflow may raise any value. */
    public WorkflowException(Object error) {
        super(error instanceof Map<?, ?> m ? String.valueOf(m.get("message")) : String.valueOf(error), null,
                false, false);
        this.error = error;
    }

    /** An error map {@code {message, tags: [tag]}}. */
    public static WorkflowException of(ErrorTag tag, String message) {
        return new WorkflowException(errorMap(tag, message));
    }

    /** Builds the documented error shape: {@code message} and {@code tags}. */
    public static Map<String, Object> errorMap(ErrorTag tag, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", message);
        m.put("tags", List.of(tag.name()));
        return m;
    }

    /** The error as the value a workflow sees in {@code except: as: e}. */
    public Object error() {
        return error;
    }
}
