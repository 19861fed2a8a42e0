package dev.baton.gateway.repository;

import dev.baton.gateway.Refund;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Persistence of refunds. */
@ApplicationScoped
public class RefundRepository {

    private final Pool pool;

    public RefundRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(SqlConnection tx, Refund r) {
        return tx.preparedQuery(RefundQueries.RefundInsert)
                .execute(Tuple.from(List.of(r.id(), r.refundKey(), r.captureId(), r.authorizationId(), r.paymentId(),
                        r.orderId(), r.amountMinor(), r.currency(), r.reason(), r.createdAt())))
                .replaceWithVoid();
    }

    public Uni<List<Refund>> listByPayment(String paymentId) {
        return pool.preparedQuery(RefundQueries.RefundListByPayment).execute(Tuple.of(paymentId)).map(rows -> {
            var out = new ArrayList<Refund>(rows.size());
            rows.forEach(r -> out.add(toRefund(r)));
            return out;
        });
    }

    private static Refund toRefund(Row r) {
        return new Refund(r.getUUID("id"), r.getString("refund_key"), r.getUUID("capture_id"),
                r.getUUID("authorization_id"), r.getString("payment_id"), r.getString("order_id"),
                r.getLong("amount_minor"), r.getString("currency"), r.getString("reason"),
                r.getOffsetDateTime("created_at"));
    }
}
