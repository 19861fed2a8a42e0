package dev.baton.taskqueue.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import java.util.function.Supplier;

/** Bridges the services' Vert.x futures to the Uni that Quarkus REST awaits without blocking. */
final class Futures {

    private Futures() {
    }

    /** Defers the call so that validation errors thrown synchronously also travel as a failed Uni. */
    static <T> Uni<T> uni(Supplier<Future<T>> call) {
        return Uni.createFrom().deferred(() -> Uni.createFrom().completionStage(call.get().toCompletionStage()));
    }
}
