package dev.baton.engine.stdlib;

import dev.baton.engine.expression.Bytes;
import dev.baton.engine.expression.ErrorTag;
import dev.baton.engine.expression.Values;
import dev.baton.engine.expression.WorkflowException;

import java.util.List;
import java.util.Map;

/** Typed access to a stdlib function's positional arguments, raising TypeError with the function's name. */
final class Args {
    private final String fn;
    private final List<Object> values;

    Args(String fn, List<Object> values) {
        this.fn = fn;
        this.values = values;
    }

    int size() {
        return values.size();
    }

    boolean present(int i) {
        return i < values.size() && values.get(i) != null;
    }

    Object get(int i) {
        return i < values.size() ? values.get(i) : null;
    }

    String string(int i) {
        if (get(i) instanceof String s) {
            return s;
        }
        throw type(i, "a string");
    }

    String string(int i, String dflt) {
        return present(i) ? string(i) : dflt;
    }

    long integer(int i) {
        if (get(i) instanceof Long l) {
            return l;
        }
        throw type(i, "an integer");
    }

    double number(int i) {
        if (get(i) instanceof Long l) {
            return l;
        }
        if (get(i) instanceof Double d) {
            return d;
        }
        throw type(i, "a number");
    }

    boolean bool(int i, boolean dflt) {
        if (!present(i)) {
            return dflt;
        }
        if (get(i) instanceof Boolean b) {
            return b;
        }
        throw type(i, "a boolean");
    }

    @SuppressWarnings("unchecked")
    List<Object> list(int i) {
        if (get(i) instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw type(i, "a list");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(int i) {
        if (get(i) instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw type(i, "a map");
    }

    Bytes bytes(int i) {
        if (get(i) instanceof Bytes b) {
            return b;
        }
        throw type(i, "bytes");
    }

    WorkflowException type(int i, String expected) {
        return WorkflowException.of(ErrorTag.TypeError, fn + ": argument " + (i + 1) + " must be " + expected
                + ", got " + Values.typeName(get(i)));
    }

    WorkflowException value(String message) {
        return WorkflowException.of(ErrorTag.ValueError, fn + ": " + message);
    }
}
