package dev.baton.ledger.rest;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Lets clients that percent-encode the colon of a custom method ({@code /v1/journal-entries%3Areverse}, as
 * rest-assured and some URI builders do) reach the same resource as {@code /v1/journal-entries:reverse}: the REST
 * layer matches paths before decoding them, so the encoded form would otherwise be a 404.
 */
@ApplicationScoped
public class CustomMethodPaths {

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String path = rc.request().path();
            if (path != null && (path.contains("%3A") || path.contains("%3a"))) {
                String query = rc.request().query();
                String decoded = path.replace("%3A", ":").replace("%3a", ":");
                rc.reroute(query == null ? decoded : decoded + "?" + query);
            } else {
                rc.next();
            }
        }, 100);
    }
}
