package dev.baton.gateway.repository;

import dev.baton.gateway.Capture;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Persistence of captures. */
@ApplicationScoped
public class CaptureRepository {

    private final Pool pool;

    public CaptureRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(SqlConnection tx, Capture c) {
        return tx.preparedQuery(CaptureQueries.CaptureInsert)
                .execute(Tuple.from(List.of(c.id(), c.captureKey(), c.authorizationId(), c.paymentId(),
                        c.amountMinor(), c.currency(), c.createdAt())))
                .replaceWithVoid();
    }

    /** The capture the capture command with {@code key} made. */
    public Uni<Optional<Capture>> findByKey(SqlClient client, String key) {
        return client.preparedQuery(CaptureQueries.CaptureFindByKey).execute(Tuple.of(key))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toCapture(rows.iterator().next())));
    }

    public Uni<List<Capture>> listByPayment(String paymentId) {
        return pool.preparedQuery(CaptureQueries.CaptureListByPayment).execute(Tuple.of(paymentId)).map(this::all);
    }

    private List<Capture> all(RowSet<Row> rows) {
        var out = new ArrayList<Capture>(rows.size());
        rows.forEach(r -> out.add(toCapture(r)));
        return out;
    }

    private Capture toCapture(Row r) {
        return new Capture(r.getUUID("id"), r.getString("capture_key"), r.getUUID("authorization_id"),
                r.getString("payment_id"), r.getLong("amount_minor"), r.getString("currency"),
                r.getOffsetDateTime("created_at"));
    }
}
