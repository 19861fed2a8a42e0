package dev.baton.engine.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Workflows value model on plain Java objects: {@code null}, {@link Boolean}, {@link Long} (int64),
 * {@link Double}, {@link String}, {@link Bytes}, {@link List} and {@link Map} with string keys (insertion
 * ordered). Containers are treated as immutable once built: assignment copies along the assigned path, so two
 * variables never observe each other's writes (Workflows has value semantics).
 */
public final class Values {
    /**
     * Deepest nesting of lists and maps a variable may hold. Keeps every recursive walk (size, equality, JSON)
     * far from the Java stack limit, whatever a workflow builds with {@code x: ${[x]}} in a loop.
     */
    public static final int MAX_DEPTH = 200;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Values() {
    }

    /** The name {@code get_type} returns, also used in error messages. */
    public static String typeName(Object v) {
        return switch (v) {
            case null -> "null";
            case Boolean b -> "boolean";
            case Long l -> "integer";
            case Double d -> "double";
            case String s -> "string";
            case Bytes b -> "bytes";
            case List<?> l -> "list";
            case Map<?, ?> m -> "map";
            case FunctionRef f -> "function";
            default -> v.getClass().getSimpleName();
        };
    }

    /** Equality as {@code ==}: numbers compare by value across int and double, containers deeply. */
    public static boolean equal(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Long x && b instanceof Long y) {
            return x.longValue() == y.longValue();
        }
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Text form used by {@code string()} and by {@code +} with a string operand. */
    public static String toText(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> s;
            case Long l -> Long.toString(l);
            case Double d -> formatDouble(d);
            case Boolean b -> b ? "true" : "false";
            default -> throw WorkflowException.of(ErrorTag.TypeError,
                    "cannot convert " + typeName(v) + " to string");
        };
    }

    /**
     * Shortest text that reads back as the same double; integral values keep no ".0" because Workflows prints
     * numbers the way JSON does.
     */
    public static String formatDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        String s = Double.toString(d);
        int e = s.indexOf('E');
        if (e > 0) {
            String mantissa = s.substring(0, e);
            if (mantissa.endsWith(".0")) {
                mantissa = mantissa.substring(0, mantissa.length() - 2);
            }
            String exp = s.substring(e + 1);
            return mantissa + "e" + (exp.startsWith("-") ? exp : "+" + exp);
        }
        return s;
    }

    /**
     * Bytes used by a value, approximating its JSON size; stops counting once {@code limit} is passed so a
     * limit check on a huge value costs no more than the limit.
     */
    public static long sizeOf(Object v, long limit) {
        return size(v, 0, limit, 0);
    }

    private static long size(Object v, long acc, long limit, int depth) {
        if (acc > limit) {
            return acc;
        }
        if (depth > MAX_DEPTH) {
            throw WorkflowException.of(ErrorTag.ResourceLimitError,
                    "value nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (v) {
            case null -> acc += 4;
            case String s -> acc += s.length() + 2;
            case Bytes b -> acc += b.length();
            case List<?> l -> {
                acc += 2;
                for (Object o : l) {
                    acc = size(o, acc + 1, limit, depth + 1);
                    if (acc > limit) {
                        return acc;
                    }
                }
            }
            case Map<?, ?> m -> {
                acc += 2;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    acc = size(e.getValue(), acc + ((String) e.getKey()).length() + 4, limit, depth + 1);
                    if (acc > limit) {
                        return acc;
                    }
                }
            }
            default -> acc += 8;
        }
        return acc;
    }

    /** Converts a value to a Jackson tree; bytes become a tagged object so state round trips keep them. */
    public static JsonNode toJson(Object v) {
        return switch (v) {
            case null -> NODES.nullNode();
            case Boolean b -> NODES.booleanNode(b);
            case Long l -> NODES.numberNode(l);
            case Double d -> NODES.numberNode(d);
            case String s -> NODES.textNode(s);
            case Bytes b -> NODES.objectNode().put("$bytes", Base64.getEncoder().encodeToString(b.data()));
            case FunctionRef f -> NODES.objectNode().put("$function", f.name());
            case List<?> l -> {
                ArrayNode a = NODES.arrayNode();
                for (Object o : l) {
                    a.add(toJson(o));
                }
                yield a;
            }
            case Map<?, ?> m -> {
                ObjectNode o = NODES.objectNode();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    o.set((String) e.getKey(), toJson(e.getValue()));
                }
                // A user map shaped like one of our tags is wrapped so it reads back as a map.
                if (m.size() == 1 && isTag((String) m.keySet().iterator().next())) {
                    ObjectNode wrapper = NODES.objectNode();
                    wrapper.set("$map", o);
                    yield wrapper;
                }
                yield o;
            }
            default -> throw new IllegalArgumentException("not a workflow value: " + v.getClass());
        };
    }

    /** Reads a value written by {@link #toJson}; integers stay int64, numbers with a fraction are doubles. */
    public static Object fromJson(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            if (n.canConvertToLong()) {
                return n.longValue();
            }
            return n.doubleValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>(n.size());
            for (JsonNode c : n) {
                l.add(fromJson(c));
            }
            return l;
        }
        if (n.size() == 1 && n.has("$map") && n.get("$map").isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.get("$map").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), fromJson(e.getValue()));
            }
            return m;
        }
        if (n.size() == 1 && n.has("$bytes") && n.get("$bytes").isTextual()) {
            return new Bytes(Base64.getDecoder().decode(n.get("$bytes").textValue()));
        }
        if (n.size() == 1 && n.has("$function") && n.get("$function").isTextual()) {
            return new FunctionRef(n.get("$function").textValue());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), fromJson(e.getValue()));
        }
        return m;
    }

    private static boolean isTag(String key) {
        return key.equals("$bytes") || key.equals("$function") || key.equals("$map");
    }

    /** Reads plain JSON from outside (HTTP bodies, arguments): as {@link #fromJson} but with no tags. */
    public static Object fromPlainJson(JsonNode n) {
        if (n != null && n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), fromPlainJson(e.getValue()));
            }
            return m;
        }
        if (n != null && n.isArray()) {
            List<Object> l = new ArrayList<>(n.size());
            for (JsonNode c : n) {
                l.add(fromPlainJson(c));
            }
            return l;
        }
        if (n != null && n.isBigDecimal()) {
            BigDecimal d = n.decimalValue();
            return d.doubleValue();
        }
        return fromJson(n);
    }

    /** Normalises numbers from Java callers (Integer, Float, ...) to the two Workflows number types. */
    public static Object normalize(Object v) {
        return switch (v) {
            case null -> null;
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case Float f -> (double) f;
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                for (Object o : l) {
                    out.add(normalize(o));
                }
                yield out;
            }
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    out.put(String.valueOf(e.getKey()), normalize(e.getValue()));
                }
                yield out;
            }
            default -> v;
        };
    }
}
