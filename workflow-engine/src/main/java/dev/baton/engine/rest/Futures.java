package dev.baton.engine.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/** Bridges the services' Vert.x futures to the Uni that Quarkus REST awaits without blocking. */
final class Futures {

    private Futures() {
    }

    /** Defers the call so that errors thrown synchronously also travel as a failed Uni. */
    static <T> Uni<T> uni(Supplier<Future<T>> call) {
        return Uni.createFrom().deferred(() -> Uni.createFrom().completionStage(call.get().toCompletionStage()));
    }

    /** A JSON 200 answer. */
    static Response ok(io.vertx.core.json.JsonObject body) {
        return Response.ok(body.encode(), MediaType.APPLICATION_JSON).build();
    }

    /** The page size Google's APIs use: 0 or absent means the default. */
    static int pageSize(Integer requested, int defaultSize, int max) {
        return requested == null || requested <= 0 ? defaultSize : Math.min(requested, max);
    }
}
