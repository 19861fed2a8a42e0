package dev.baton.checkout.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** Persistence of the public API's Idempotency-Keys. */
@ApplicationScoped
public class IdempotencyKeyRepository {

    /** A key as stored; {@code responseStatus} and {@code responseBody} are set once COMPLETED. */
    public record StoredKey(String key, String requestHash, boolean completed, UUID paymentId, Integer responseStatus,
            String responseBody, OffsetDateTime createdAt, OffsetDateTime lockedAt) {
    }

    private final Pool pool;

    public IdempotencyKeyRepository(Pool pool) {
        this.pool = pool;
    }

    /** @return true when this transaction claimed the key, false when it existed (committed by another) */
    public Uni<Boolean> claim(SqlConnection tx, String key, String requestHash, UUID paymentId, OffsetDateTime now) {
        return tx.preparedQuery(IdempotencyKeyQueries.IdempotencyKeyClaim)
                .execute(Tuple.of(key, requestHash, paymentId, now)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<StoredKey>> find(SqlClient client, String key) {
        return client.preparedQuery(IdempotencyKeyQueries.IdempotencyKeyFind).execute(Tuple.of(key)).map(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return Optional.empty();
            }
            Row r = it.next();
            return Optional.of(new StoredKey(r.getString("idempotency_key"), r.getString("request_hash"),
                    "COMPLETED".equals(r.getString("state")), r.getUUID("payment_id"),
                    r.getInteger("response_status"), r.getString("response_body"), r.getOffsetDateTime("created_at"),
                    r.getOffsetDateTime("locked_at")));
        });
    }

    public Uni<Optional<StoredKey>> find(String key) {
        return find(pool, key);
    }

    /** Stores the response; false when the key was completed already (by a recovering request). */
    public Uni<Boolean> complete(SqlClient client, String key, int status, String body) {
        return client.preparedQuery(IdempotencyKeyQueries.IdempotencyKeyComplete).execute(Tuple.of(key, status, body))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Stores {@code body} for a key whose holder started before {@code staleBefore} and never finished. */
    public Uni<Boolean> completeIfStale(SqlClient client, String key, int status, String body,
            OffsetDateTime staleBefore) {
        return client.preparedQuery(IdempotencyKeyQueries.IdempotencyKeyCompleteIfStale)
                .execute(Tuple.of(key, status, body, staleBefore)).map(rows -> rows.rowCount() == 1);
    }

    /** Deletes up to {@code limit} keys created before {@code before}; returns how many went. */
    public Uni<Integer> deleteExpired(OffsetDateTime before, int limit) {
        return pool.preparedQuery(IdempotencyKeyQueries.IdempotencyKeyDeleteExpired).execute(Tuple.of(before, limit))
                .map(rows -> rows.rowCount());
    }
}
