package dev.baton.platform.rest;

import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Lets clients that percent-encode the colon of a custom method ({@code /v1/orders%3Aconfirm},
 * {@code /v1/authorizations%3Avoid}, as rest-assured and some URI builders do) reach the same resource as the literal
 * {@code /v1/orders:confirm}: the REST layer matches paths before decoding them, so the encoded form would otherwise
 * be a 404. Active on every Baton-own API, so every {@code :verb} resource answers both spellings.
 */
@ApplicationScoped
// Not on the Google-compatible deployables: they route their own custom methods and answer AIP-193.
@UnlessBuildProperty(name = "baton.problem-json.enabled", stringValue = "false", enableIfMissing = true)
public class CustomMethodPaths {

    /** Runs before any route, so the decoded path is what the REST layer matches. */
    static final int PRIORITY = 100;

    void register(@Observes Filters filters) {
        filters.register(CustomMethodPaths::decodeColon, PRIORITY);
    }

    /** Reroutes a path holding {@code %3A} (either case) to the same path with a literal colon, query kept. */
    static void decodeColon(RoutingContext rc) {
        String path = rc.request().path();
        if (path != null && (path.contains("%3A") || path.contains("%3a"))) {
            String query = rc.request().query();
            String decoded = path.replace("%3A", ":").replace("%3a", ":");
            rc.reroute(query == null ? decoded : decoded + "?" + query);
        } else {
            rc.next();
        }
    }
}
