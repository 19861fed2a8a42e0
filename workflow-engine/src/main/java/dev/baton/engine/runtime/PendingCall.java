package dev.baton.engine.runtime;

import java.util.Map;

/**
 * A blocking request the interpreter is waiting on. The engine performs it and feeds back an {@link Outcome}
 * with the same {@code id}.
 *
 * <p>{@code id} is stable: derived from the fiber path (main, parallel branch or iteration), the step name
 * and the fiber's count of blocking calls so far, so re-running the same execution from the same state
 * yields the same id; the engine derives idempotency keys from it.
 *
 * <p>{@code function} and {@code args} shapes:
 * <ul>
 * <li>{@code http.request}: {@code method, url, headers (map), query (map or null), body (any value or
 *     null; JSON encoding is the engine's when no Content-Type says otherwise), timeout (seconds, default 300),
 *     auth (null or {type: OIDC|OAuth2, audience?, scopes?})}. All http.* functions normalise to this.</li>
 * <li>{@code sys.sleep}: {@code seconds} (double) and {@code wake_at} (epoch seconds).</li>
 * <li>{@code events.await_callback}: {@code url, timeout} (seconds).</li>
 * <li>any connector registered with {@link Interpreter}: its call-step args unchanged.</li>
 * </ul>
 */
public record PendingCall(String id, String function, Map<String, Object> args) {
}
