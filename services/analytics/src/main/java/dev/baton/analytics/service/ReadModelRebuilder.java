package dev.baton.analytics.service;

import dev.baton.analytics.repository.ReadModelRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Throws the read model away and replays the event log into it, in one transaction: readers see the old model
 * until the new one commits, and live events wait (the log is locked) rather than interleave with the replay.
 * Use it after changing a projection, or to prove the model is a pure function of the events.
 */
@ApplicationScoped
public class ReadModelRebuilder {

    private static final int PAGE = 500;

    private final Pool pool;
    private final ReadModelRepository repository;
    private final Projections projections;

    public ReadModelRebuilder(Pool pool, ReadModelRepository repository, Projections projections) {
        this.pool = pool;
        this.repository = repository;
        this.projections = projections;
    }

    /** @return how many events were replayed */
    public Uni<Long> rebuild() {
        return pool.withTransaction(tx -> repository.lockAndTruncateForRebuild(tx)
                .flatMap(ignored -> replayFrom(tx, 0, 0)));
    }

    private Uni<Long> replayFrom(SqlConnection tx, long afterSeq, long replayed) {
        return repository.page(tx, afterSeq, PAGE).flatMap(events -> {
            if (events.isEmpty()) {
                return Uni.createFrom().item(replayed);
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (var event : events) {
                chain = chain.flatMap(ignored -> projections.apply(tx, event.type(), event.time(), event.data()));
            }
            long last = events.get(events.size() - 1).seq();
            return chain.flatMap(ignored -> replayFrom(tx, last, replayed + events.size()));
        });
    }
}
