package dev.baton.taskqueue.repository;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.core.Future;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the reactive pool the way Quarkus does, with one change: statements of up to {@value #SQL_LIMIT}
 * characters stay prepared on their connection. The Vert.x default (2,048) left out {@code TaskClaimAvailable} and
 * {@code TaskCompleteIfRunning}, the two statements every dispatch runs, so PostgreSQL parsed and planned them
 * anew on every call; at a steady trickle of tasks that cost more CPU than the work itself.
 */
@Singleton
public class StatementCachingPool implements PgPoolCreator {

    /** Longest statement kept prepared; ours are all shorter. */
    static final int SQL_LIMIT = 16_384;

    @Override
    public Pool create(Input input) {
        List<PgConnectOptions> servers = input.pgConnectOptionsList();
        servers.forEach(options -> options.setPreparedStatementCacheSqlLimit(SQL_LIMIT));
        var next = new AtomicInteger();
        return PgDriver.INSTANCE.createPool(input.vertx(),
                () -> Future.succeededFuture(servers.get(Math.floorMod(next.getAndIncrement(), servers.size()))),
                input.poolOptions());
    }
}
