package dev.baton.taskqueue.rest;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Set;

/**
 * Honours {@code X-HTTP-Method-Override} on a POST, as Google's front end does. Google's Java client (REST transport)
 * sends UpdateQueue as {@code POST} with {@code X-HTTP-Method-Override: PATCH} because the JDK's HTTP client has no
 * PATCH; without this the request would land on the {@code {queue}:verb} route.
 */
@ApplicationScoped
public class MethodOverride {

    private static final Set<String> ALLOWED = Set.of("PATCH", "PUT", "DELETE", "GET");

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::override);
    }

    private void override(RoutingContext ctx) {
        String wanted = ctx.request().getHeader("X-HTTP-Method-Override");
        if (wanted != null && ctx.request().method() == HttpMethod.POST
                && ALLOWED.contains(wanted.strip().toUpperCase(Locale.ROOT))) {
            ctx.reroute(HttpMethod.valueOf(wanted.strip().toUpperCase(Locale.ROOT)), ctx.request().uri());
            return;
        }
        ctx.next();
    }
}
