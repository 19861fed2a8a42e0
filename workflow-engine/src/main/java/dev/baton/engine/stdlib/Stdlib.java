package dev.baton.engine.stdlib;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.baton.engine.expression.Bytes;
import dev.baton.engine.expression.ErrorTag;
import dev.baton.engine.expression.FunctionRef;
import dev.baton.engine.expression.Values;
import dev.baton.engine.expression.WorkflowException;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Workflows standard library. Non-blocking functions run inline and are pure apart from what they
 * ask of {@link StdlibContext}. Blocking functions (http.*, sys.sleep*, events.await_callback) are not run
 * here: {@link #prepareBlocking} turns their arguments into the request the engine performs, so the
 * interpreter can suspend on them.
 */
public final class Stdlib {

    /** A function: its parameter names (for call-step named args), how many are required, and its body. */
    private record Fn(List<String> params, int required, boolean blocking,
                      BiFunction<Args, StdlibContext, Object> body) {
    }

    private static final Map<String, Fn> FUNCTIONS = new HashMap<>();
    /** The methods a callback endpoint may expect (Google's list); POST when none is given. */
    private static final List<String> CALLBACK_METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS",
            "PATCH");
    private static final Map<String, Object> CONSTANTS = new HashMap<>();
    /** Retry predicates that the runtime evaluates inline. */
    public static final Set<String> PREDICATES = Set.of("http.default_retry_predicate",
            "http.default_retry_predicate_non_idempotent", "retry.always", "retry.never");
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxNestingDepth(Values.MAX_DEPTH).build()).build())
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final long MAX_TEXT = 2 * 1024 * 1024;

    private Stdlib() {
    }

    private static void fn(String name, List<String> params, int required, BiFunction<Args, StdlibContext, Object> body) {
        FUNCTIONS.put(name, new Fn(params, required, false, body));
    }

    private static void blocking(String name, List<String> params, int required) {
        FUNCTIONS.put(name, new Fn(params, required, true, null));
    }

    static {
        // Built-in conversions and helpers.
        fn("default", List.of("value", "default_value"), 2, (a, c) -> a.get(0) != null ? a.get(0) : a.get(1));
        fn("keys", List.of("map"), 1, (a, c) -> new ArrayList<Object>(a.map(0).keySet()));
        fn("len", List.of("value"), 1, (a, c) -> switch (a.get(0)) {
            case String s -> (long) s.codePointCount(0, s.length());
            case List<?> l -> (long) l.size();
            case Map<?, ?> m -> (long) m.size();
            case Bytes b -> (long) b.length();
            case null, default -> throw a.type(0, "a string, list, map or bytes");
        });
        fn("get_type", List.of("value"), 1, (a, c) -> Values.typeName(a.get(0)));
        fn("type", List.of("value"), 1, (a, c) -> Values.typeName(a.get(0)));
        fn("int", List.of("value"), 1, (a, c) -> toInt(a));
        fn("double", List.of("value"), 1, (a, c) -> toDouble(a));
        fn("string", List.of("value"), 1, (a, c) -> a.get(0) instanceof Bytes
                ? new String(((Bytes) a.get(0)).data(), StandardCharsets.UTF_8) : Values.toText(a.get(0)));
        fn("bool", List.of("value"), 1, (a, c) -> switch (a.get(0)) {
            case Boolean b -> b;
            case String s when s.equalsIgnoreCase("true") -> true;
            case String s when s.equalsIgnoreCase("false") -> false;
            case String s -> throw a.value("cannot convert '" + s + "' to boolean");
            case null, default -> throw a.type(0, "a boolean or string");
        });

        // sys
        fn("sys.get_env", List.of("name", "default"), 1, (a, c) -> {
            String v = c.env(a.string(0));
            return v != null ? v : a.get(1);
        });
        fn("sys.log", List.of("data", "severity", "text", "json", "timeout"), 0, (a, c) -> {
            String severity = a.string(1, "DEFAULT");
            Object data = a.present(0) ? a.get(0) : a.present(2) ? a.get(2) : a.get(3);
            c.log(severity, data instanceof String || data == null ? data : new String(
                    Json.encode(data, false), StandardCharsets.UTF_8));
            return null;
        });
        fn("sys.now", List.of(), 0, (a, c) -> c.now());
        blocking("sys.sleep", List.of("seconds"), 1);
        blocking("sys.sleep_until", List.of("time"), 1);

        // http
        for (String m : List.of("get", "post", "put", "patch", "delete")) {
            blocking("http." + m, List.of("url", "timeout", "body", "headers", "query", "auth",
                    "private_service_name"), 1);
        }
        blocking("http.request", List.of("method", "url", "timeout", "body", "headers", "query", "auth",
                "private_service_name"), 2);

        // events
        fn("events.create_callback_endpoint", List.of("http_callback_method"), 0, (a, c) -> {
            String method = a.string(0, "POST").toUpperCase(java.util.Locale.ROOT);
            if (!CALLBACK_METHODS.contains(method)) {
                throw a.value("http_callback_method must be one of " + String.join(", ", CALLBACK_METHODS) + ", got '"
                        + a.string(0, "POST") + "'");
            }
            String id = c.nextCallbackId();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", c.callbackUrl(id, method));
            m.put("method", method);
            return m;
        });
        blocking("events.await_callback", List.of("callback", "timeout"), 1);

        // text
        fn("text.decode", List.of("data", "charset"), 1, (a, c) ->
                new String(a.bytes(0).data(), charset(a, a.string(1, "UTF-8"))));
        fn("text.encode", List.of("text", "charset"), 1, (a, c) ->
                new Bytes(a.string(0).getBytes(charset(a, a.string(1, "UTF-8")))));
        fn("text.find_all", List.of("source", "substr"), 2, (a, c) -> {
            String s = a.string(0);
            String sub = a.string(1);
            List<Object> out = new ArrayList<>();
            if (sub.isEmpty()) {
                return out;
            }
            for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
                out.add(match(i, sub));
            }
            return out;
        });
        fn("text.find_all_regex", List.of("source", "regexp"), 2, (a, c) -> {
            Matcher m = regex(a, 1).matcher(a.string(0));
            List<Object> out = new ArrayList<>();
            while (m.find()) {
                out.add(match(m.start(), m.group()));
                if (out.size() > 100_000) {
                    throw WorkflowException.of(ErrorTag.ResourceLimitError, "text.find_all_regex: too many matches");
                }
            }
            return out;
        });
        fn("text.match_regex", List.of("source", "regexp"), 2, (a, c) -> regex(a, 1).matcher(a.string(0)).find());
        fn("text.replace_all", List.of("source", "substr", "repl"), 3, (a, c) -> {
            if (a.string(1).isEmpty()) {
                return a.string(0);
            }
            return limit(a.string(0).replace(a.string(1), a.string(2)));
        });
        fn("text.replace_all_regex", List.of("source", "regexp", "repl"), 3, (a, c) -> {
            // RE2 writes group references as \\1; RE2J, like Java, as $1 (and a literal $ must be escaped).
            String repl = re2Replacement(a.string(2));
            try {
                return limit(regex(a, 1).matcher(a.string(0)).replaceAll(repl));
            } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
                throw a.value("bad replacement: " + e.getMessage());
            }
        });
        fn("text.split", List.of("source", "separator"), 2, (a, c) -> {
            String s = a.string(0);
            String sep = a.string(1);
            List<Object> out = new ArrayList<>();
            if (sep.isEmpty()) {
                s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
                return out;
            }
            int from = 0;
            for (int i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, from)) {
                out.add(s.substring(from, i));
                from = i + sep.length();
            }
            out.add(s.substring(from));
            return out;
        });
        fn("text.substring", List.of("source", "start", "end"), 3, (a, c) -> {
            String s = a.string(0);
            int n = s.codePointCount(0, s.length());
            long start = Math.max(0, Math.min(n, a.integer(1)));
            long end = Math.max(start, Math.min(n, a.integer(2)));
            return s.substring(s.offsetByCodePoints(0, (int) start), s.offsetByCodePoints(0, (int) end));
        });
        fn("text.to_lower", List.of("source"), 1, (a, c) -> a.string(0).toLowerCase(java.util.Locale.ROOT));
        fn("text.to_upper", List.of("source"), 1, (a, c) -> a.string(0).toUpperCase(java.util.Locale.ROOT));
        fn("text.url_encode", List.of("source"), 1, (a, c) ->
                URLEncoder.encode(a.string(0), StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                        .replace("%7E", "~"));
        fn("text.url_encode_plus", List.of("source"), 1, (a, c) ->
                URLEncoder.encode(a.string(0), StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~"));
        fn("text.url_decode", List.of("source"), 1, (a, c) -> {
            try {
                return URLDecoder.decode(a.string(0).replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw a.value("malformed URL encoding");
            }
        });

        // json
        fn("json.decode", List.of("data"), 1, (a, c) -> {
            String text = a.get(0) instanceof Bytes b ? new String(b.data(), StandardCharsets.UTF_8) : a.string(0);
            return Json.decode(text, a);
        });
        fn("json.encode", List.of("data", "indent"), 1, (a, c) -> new Bytes(Json.encode(a.get(0), indent(a))));
        fn("json.encode_to_string", List.of("data", "indent"), 1, (a, c) ->
                new String(Json.encode(a.get(0), indent(a)), StandardCharsets.UTF_8));

        // list
        fn("list.concat", List.of("objs", "val"), 2, (a, c) -> {
            List<Object> out = new ArrayList<>(a.list(0));
            out.add(a.get(1));
            return out;
        });
        fn("list.prepend", List.of("objs", "val"), 2, (a, c) -> {
            List<Object> out = new ArrayList<>(a.list(0).size() + 1);
            out.add(a.get(1));
            out.addAll(a.list(0));
            return out;
        });

        // map
        fn("map.get", List.of("map", "keys"), 2, (a, c) -> {
            Object cur = a.get(0);
            List<Object> keys = a.get(1) instanceof List<?> l ? new ArrayList<>(l) : List.of(a.string(1));
            for (Object k : keys) {
                if (cur == null) {
                    return null;
                }
                if (!(cur instanceof Map<?, ?> m)) {
                    throw a.type(0, "a map");
                }
                if (!(k instanceof String)) {
                    throw a.type(1, "a string or list of strings");
                }
                cur = m.get(k);
            }
            return cur;
        });
        fn("map.delete", List.of("map", "key"), 2, (a, c) -> {
            Map<String, Object> out = new LinkedHashMap<>(a.map(0));
            out.remove(a.string(1));
            return out;
        });
        fn("map.merge", List.of("first", "second"), 2, (a, c) -> {
            Map<String, Object> out = new LinkedHashMap<>(a.map(0));
            out.putAll(a.map(1));
            return out;
        });
        fn("map.merge_nested", List.of("first", "second"), 2, (a, c) -> mergeNested(a.map(0), a.map(1)));

        // math
        fn("math.abs", List.of("x"), 1, (a, c) -> switch (a.get(0)) {
            case Long l when l == Long.MIN_VALUE -> throw WorkflowException.of(ErrorTag.ValueError,
                    "math.abs: integer overflow");
            case Long l -> Math.abs(l);
            case Double d -> Math.abs(d);
            case null, default -> throw a.type(0, "a number");
        });
        fn("math.floor", List.of("x"), 1, (a, c) -> switch (a.get(0)) {
            case Long l -> l;
            case Double d -> {
                double f = Math.floor(d);
                if (f < Long.MIN_VALUE || f >= 0x1p63) {
                    throw WorkflowException.of(ErrorTag.ValueError, "math.floor: result out of integer range");
                }
                yield (long) f;
            }
            case null, default -> throw a.type(0, "a number");
        });
        fn("math.max", List.of("x", "y"), 2, (a, c) -> {
            a.number(0);
            a.number(1);
            return (Boolean) dev.baton.engine.expression.Evaluator.apply(">=", a.get(0), a.get(1)) ? a.get(0) : a.get(1);
        });
        fn("math.min", List.of("x", "y"), 2, (a, c) -> {
            a.number(0);
            a.number(1);
            return (Boolean) dev.baton.engine.expression.Evaluator.apply("<=", a.get(0), a.get(1)) ? a.get(0) : a.get(1);
        });

        // base64
        fn("base64.encode", List.of("data", "padding"), 1, (a, c) -> {
            Base64.Encoder e = a.bool(1, true) ? Base64.getEncoder() : Base64.getEncoder().withoutPadding();
            return e.encodeToString(a.bytes(0).data());
        });
        fn("base64.decode", List.of("data", "padding"), 1, (a, c) -> {
            try {
                return new Bytes(Base64.getDecoder().decode(a.string(0)));
            } catch (IllegalArgumentException e) {
                throw a.value("invalid base64: " + e.getMessage());
            }
        });

        // time
        fn("time.format", List.of("seconds", "timezone"), 1, (a, c) -> {
            double secs = a.number(0);
            ZoneId zone;
            try {
                zone = ZoneId.of(a.string(1, "UTC"));
            } catch (RuntimeException e) {
                throw a.value("unknown time zone '" + a.get(1) + "'");
            }
            long whole = (long) Math.floor(secs);
            long micros = Math.round((secs - whole) * 1_000_000);
            ZonedDateTime z;
            try {
                z = Instant.ofEpochSecond(whole, micros * 1000).atZone(zone);
            } catch (java.time.DateTimeException | ArithmeticException e) {
                throw a.value("seconds out of the representable time range");
            }
            String base = z.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS"));
            String offset = z.getOffset().getTotalSeconds() == 0 ? "Z" : z.getOffset().getId();
            return base + offset;
        });
        fn("time.parse", List.of("value"), 1, (a, c) -> parseTime(a.string(0), a));

        // hash
        fn("hash.compute_checksum", List.of("data", "algorithm"), 2, (a, c) -> {
            try {
                return new Bytes(MessageDigest.getInstance(algorithm(a, a.string(1))).digest(a.bytes(0).data()));
            } catch (NoSuchAlgorithmException e) {
                throw a.value("unsupported algorithm '" + a.get(1) + "'");
            }
        });
        fn("hash.compute_hmac", List.of("key", "data", "algorithm"), 3, (a, c) -> {
            String alg = "Hmac" + algorithm(a, a.string(2)).replace("-", "");
            try {
                Mac mac = Mac.getInstance(alg);
                byte[] key = a.bytes(0).data();
                mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, alg));
                return new Bytes(mac.doFinal(a.bytes(1).data()));
            } catch (java.security.GeneralSecurityException e) {
                throw a.value("unsupported algorithm '" + a.get(2) + "'");
            }
        });

        // uuid
        fn("uuid.generate", List.of(), 0, (a, c) -> c.randomUuid());

        // retry predicates, callable too
        fn("retry.always", List.of("e"), 1, (a, c) -> true);
        fn("retry.never", List.of("e"), 1, (a, c) -> false);
        fn("http.default_retry_predicate", List.of("e"), 1, (a, c) -> retryable(a.get(0), false));
        fn("http.default_retry_predicate_non_idempotent", List.of("e"), 1, (a, c) -> retryable(a.get(0), true));

        Map<String, Object> backoff = Map.of("initial_delay", 1L, "max_delay", 60L, "multiplier", 1.25);
        CONSTANTS.put("retry.default_backoff", backoff);
        CONSTANTS.put("http.default_retry", policy("http.default_retry_predicate", backoff));
        CONSTANTS.put("http.default_retry_non_idempotent",
                policy("http.default_retry_predicate_non_idempotent", backoff));
    }

    private static Map<String, Object> policy(String predicate, Map<String, Object> backoff) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("predicate", new FunctionRef(predicate));
        m.put("max_retries", 5L);
        m.put("backoff", backoff);
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * Google's default predicates: retry HTTP 429, 502, 503, 504, ConnectionError, ConnectionFailedError and
     * TimeoutError; the non-idempotent one only 429, 503 and ConnectionFailedError, where the request cannot
     * have taken effect.
     */
    public static boolean retryable(Object error, boolean nonIdempotent) {
        if (!(error instanceof Map<?, ?> m)) {
            return false;
        }
        List<?> tags = m.get("tags") instanceof List<?> l ? l : List.of();
        Object code = m.get("code");
        if (tags.contains("HttpError") && code instanceof Long c) {
            return nonIdempotent ? c == 429 || c == 503 : c == 429 || c == 502 || c == 503 || c == 504;
        }
        if (tags.contains("ConnectionFailedError")) {
            return true;
        }
        return !nonIdempotent && (tags.contains("ConnectionError") || tags.contains("TimeoutError"));
    }

    /** True for a function (callable) name. */
    public static boolean isFunction(String name) {
        return FUNCTIONS.containsKey(name);
    }

    /** True for a stdlib constant such as {@code http.default_retry}. */
    public static boolean isConstant(String name) {
        return CONSTANTS.containsKey(name);
    }

    /** True for a function that suspends the execution. */
    public static boolean isBlocking(String name) {
        Fn f = FUNCTIONS.get(name);
        return f != null && f.blocking();
    }

    /** A constant's value, or a reference to the function of that name. */
    public static Object constant(String name) {
        Object c = CONSTANTS.get(name);
        return c != null ? c : new FunctionRef(name);
    }

    /** Parameter names of a function, for mapping call-step args. */
    public static List<String> params(String name) {
        return FUNCTIONS.get(name).params();
    }

    /** How many leading parameters a function requires. */
    public static int required(String name) {
        return FUNCTIONS.get(name).required();
    }

    /** Maps call-step named args onto positions; unknown or missing required args are a TypeError. */
    public static List<Object> positional(String name, Map<String, Object> named) {
        Fn f = FUNCTIONS.get(name);
        List<Object> out = new ArrayList<>();
        for (String key : named.keySet()) {
            if (!f.params().contains(key)) {
                throw WorkflowException.of(ErrorTag.TypeError, name + ": unexpected argument '" + key + "'");
            }
        }
        for (int i = 0; i < f.required(); i++) {
            if (!named.containsKey(f.params().get(i))) {
                throw WorkflowException.of(ErrorTag.TypeError, name + ": missing argument '" + f.params().get(i) + "'");
            }
        }
        int last = -1;
        for (int i = 0; i < f.params().size(); i++) {
            if (named.containsKey(f.params().get(i))) {
                last = i;
            }
        }
        for (int i = 0; i <= last; i++) {
            out.add(named.get(f.params().get(i)));
        }
        return out;
    }

    /** Runs a non-blocking function. */
    public static Object call(String name, List<Object> args, StdlibContext ctx) {
        Fn f = FUNCTIONS.get(name);
        if (f == null) {
            throw WorkflowException.of(ErrorTag.TypeError, "unknown function '" + name + "'");
        }
        check(name, f, args);
        if (f.blocking()) {
            throw WorkflowException.of(ErrorTag.TypeError, name + " blocks and can only be used in a call step");
        }
        return f.body().apply(new Args(name, args), ctx);
    }

    private static void check(String name, Fn f, List<Object> args) {
        if (args.size() > f.params().size()) {
            throw WorkflowException.of(ErrorTag.TypeError, name + ": takes at most " + f.params().size()
                    + " argument(s), got " + args.size());
        }
        for (int i = 0; i < f.required(); i++) {
            if (i >= args.size()) {
                throw WorkflowException.of(ErrorTag.TypeError, name + ": missing argument '"
                        + f.params().get(i) + "'");
            }
        }
    }

    /**
     * Validates a blocking call's positional args and turns them into the engine request: the normalized
     * function name ({@code http.request}, {@code sys.sleep}, {@code events.await_callback}) and its args.
     */
    public static Map.Entry<String, Map<String, Object>> prepareBlocking(String name, List<Object> args,
                                                                        StdlibContext ctx) {
        Fn f = FUNCTIONS.get(name);
        check(name, f, args);
        Args a = new Args(name, args);
        Map<String, Object> req = new LinkedHashMap<>();
        switch (name) {
            case "sys.sleep" -> {
                double s = a.number(0);
                if (s < 0) {
                    throw a.value("seconds must not be negative");
                }
                req.put("seconds", a.get(0));
                req.put("wake_at", ctx.now() + s);
                return Map.entry("sys.sleep", req);
            }
            case "sys.sleep_until" -> {
                double t = parseTime(a.string(0), a);
                req.put("seconds", Math.max(0.0, t - ctx.now()));
                req.put("wake_at", t);
                return Map.entry("sys.sleep", req);
            }
            case "events.await_callback" -> {
                Map<String, Object> cb = a.map(0);
                if (!(cb.get("url") instanceof String url)) {
                    throw a.type(0, "a callback from events.create_callback_endpoint");
                }
                req.put("url", url);
                req.put("timeout", a.present(1) ? a.number(1) : 43200.0);
                return Map.entry("events.await_callback", req);
            }
            default -> {
                int shift = name.equals("http.request") ? 1 : 0;
                String method = shift == 1 ? a.string(0).toUpperCase(java.util.Locale.ROOT)
                        : name.substring(5).toUpperCase(java.util.Locale.ROOT);
                req.put("method", method);
                req.put("url", a.string(shift));
                Object headers = a.get(shift + 3);
                if (headers != null && !(headers instanceof Map)) {
                    throw a.type(shift + 3, "a map");
                }
                req.put("headers", headers == null ? Map.of() : headers);
                Object query = a.get(shift + 4);
                if (query != null && !(query instanceof Map)) {
                    throw a.type(shift + 4, "a map");
                }
                req.put("query", query);
                req.put("body", a.get(shift + 2));
                req.put("timeout", a.present(shift + 1) ? a.number(shift + 1) : 300.0);
                Object auth = a.get(shift + 5);
                if (auth != null) {
                    if (!(auth instanceof Map<?, ?> am) || !("OIDC".equals(am.get("type"))
                            || "OAuth2".equals(am.get("type")))) {
                        throw a.value("auth.type must be OIDC or OAuth2");
                    }
                }
                req.put("auth", auth);
                return Map.entry("http.request", req);
            }
        }
    }

    private static String re2Replacement(String repl) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < repl.length(); i++) {
            char c = repl.charAt(i);
            if (c == '\\' && i + 1 < repl.length() && Character.isDigit(repl.charAt(i + 1))) {
                b.append('$').append(repl.charAt(++i));
            } else if (c == '\\' && i + 1 < repl.length() && repl.charAt(i + 1) == '\\') {
                b.append("\\\\");
                i++;
            } else if (c == '$' || c == '\\') {
                b.append('\\').append(c);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static Map<String, Object> match(int index, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", (long) index);
        m.put("match", text);
        return m;
    }

    private static Pattern regex(Args a, int i) {
        try {
            return Pattern.compile(a.string(i));
        } catch (PatternSyntaxException e) {
            throw a.value("invalid regular expression: " + e.getDescription());
        }
    }

    private static String limit(String s) {
        if (s.length() > MAX_TEXT) {
            throw WorkflowException.of(ErrorTag.ResourceLimitError, "string longer than " + MAX_TEXT + " characters");
        }
        return s;
    }

    private static Charset charset(Args a, String name) {
        try {
            return Charset.forName(name);
        } catch (RuntimeException e) {
            throw a.value("unknown charset '" + name + "'");
        }
    }

    private static boolean indent(Args a) {
        return a.get(1) instanceof Map || a.bool(1, false);
    }

    private static String algorithm(Args a, String name) {
        return switch (name.toUpperCase(java.util.Locale.ROOT)) {
            case "SHA1" -> "SHA-1";
            case "SHA256" -> "SHA-256";
            case "SHA384" -> "SHA-384";
            case "SHA512" -> "SHA-512";
            case "MD5" -> "MD5";
            default -> throw a.value("unsupported algorithm '" + name + "'");
        };
    }

    private static Object toInt(Args a) {
        return switch (a.get(0)) {
            case Long l -> l;
            case Double d -> {
                if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
                    throw a.value("double out of integer range");
                }
                yield (long) (double) d;
            }
            case String s -> {
                try {
                    yield Long.parseLong(s.strip());
                } catch (NumberFormatException e) {
                    throw a.value("cannot convert '" + s + "' to integer");
                }
            }
            case null, default -> throw a.type(0, "a number or string");
        };
    }

    private static Object toDouble(Args a) {
        return switch (a.get(0)) {
            case Long l -> (double) l;
            case Double d -> d;
            case String s -> {
                try {
                    double d = Double.parseDouble(s.strip());
                    if (Double.isNaN(d) || Double.isInfinite(d) || s.strip().matches(".*[a-zA-Z&&[^eE]].*")) {
                        throw new NumberFormatException();
                    }
                    yield d;
                } catch (NumberFormatException e) {
                    throw a.value("cannot convert '" + s + "' to double");
                }
            }
            case null, default -> throw a.type(0, "a number or string");
        };
    }

    private static double parseTime(String s, Args a) {
        try {
            OffsetDateTime t = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return t.toEpochSecond() + t.getNano() / 1e9;
        } catch (DateTimeParseException e) {
            throw a.value("time '" + s + "' is not RFC 3339");
        }
    }

    private static Map<String, Object> mergeNested(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> out = new LinkedHashMap<>(a);
        for (Map.Entry<String, Object> e : b.entrySet()) {
            Object prev = out.get(e.getKey());
            if (prev instanceof Map<?, ?> pm && e.getValue() instanceof Map<?, ?> nm) {
                @SuppressWarnings("unchecked")
                Map<String, Object> merged = mergeNested((Map<String, Object>) pm, (Map<String, Object>) nm);
                out.put(e.getKey(), merged);
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** JSON in the Workflows value model: bytes are not JSON and are a TypeError, as at Google. */
    public static final class Json {
        private Json() {
        }

        /** Encodes a value; integers stay integers, doubles print in their shortest form. */
        public static byte[] encode(Object v, boolean indent) {
            try {
                JsonNode n = plain(v);
                return (indent ? JSON.writer(SerializationFeature.INDENT_OUTPUT) : JSON.writer()).writeValueAsBytes(n);
            } catch (JsonProcessingException e) {
                throw WorkflowException.of(ErrorTag.ValueError, "cannot encode JSON: " + e.getOriginalMessage());
            }
        }

        private static JsonNode plain(Object v) {
            if (v instanceof Bytes) {
                throw WorkflowException.of(ErrorTag.TypeError, "bytes cannot be JSON-encoded");
            }
            if (v instanceof FunctionRef f) {
                throw WorkflowException.of(ErrorTag.TypeError, "function " + f.name() + " cannot be JSON-encoded");
            }
            if (v instanceof List<?> l) {
                var a = JSON.createArrayNode();
                for (Object o : l) {
                    a.add(plain(o));
                }
                return a;
            }
            if (v instanceof Map<?, ?> m) {
                var o = JSON.createObjectNode();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    o.set((String) e.getKey(), plain(e.getValue()));
                }
                return o;
            }
            return Values.toJson(v);
        }

        /** Parses JSON text to a value: integers that fit int64 are integers, other numbers doubles. */
        public static Object decode(String text) {
            return decode(text, null);
        }

        static Object decode(String text, Args a) {
            try {
                return Values.fromPlainJson(JSON.readTree(text));
            } catch (JsonProcessingException e) {
                throw WorkflowException.of(ErrorTag.ValueError, "invalid JSON: " + e.getOriginalMessage());
            }
        }
    }
}
