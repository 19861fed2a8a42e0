package dev.baton.engine.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a {@link PendingCall}, fed back through {@link Interpreter#resume}. Exactly one of
 * {@code value} or {@code error} is meaningful.
 *
 * <ul>
 * <li>http.request: {@code value} = {@code {code: int, headers: map, body: string | bytes | value}}; the
 *     interpreter raises HttpError for codes >= 400 and decodes JSON bodies. Transport failures are an
 *     {@code error} map tagged ConnectionError, ConnectionFailedError, TimeoutError or AuthError.</li>
 * <li>sys.sleep: {@code value} null.</li>
 * <li>events.await_callback: {@code value} = the received request map; a TimeoutError error when none came.</li>
 * </ul>
 */
public record Outcome(String id, Object value, Object error) {

    /** A successful outcome. */
    public static Outcome value(String id, Object value) {
        return new Outcome(id, value, null);
    }

    /** A failed outcome; {@code error} is a Workflows error map. */
    public static Outcome error(String id, Map<String, Object> error) {
        return new Outcome(id, null, error);
    }

    /** An HTTP response as received (the interpreter applies Workflows' status and body rules). */
    public static Outcome httpResponse(String id, long code, Map<String, Object> headers, Object body) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("headers", headers);
        m.put("body", body);
        return new Outcome(id, m, null);
    }

    /** A transport failure tagged with one Workflows error tag. */
    public static Outcome failure(String id, String tag, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", message);
        m.put("tags", List.of(tag));
        return new Outcome(id, null, m);
    }
}
