package dev.baton.engine.repository;

import static dev.baton.engine.repository.Sql.ts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every statement on {@code callback} and {@code callback_payload}, named {@code Callback<Verb>}. */
public final class CallbackQueries {

    static final String CallbackInsert = """
            INSERT INTO callback (token, execution_id, kind, method, create_time) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (token) DO NOTHING""";

    static final String CallbackGet = "SELECT token, execution_id, kind, method, create_time FROM callback WHERE token = $1";

    /** The callbacks of an execution with their waiters and queued payloads (Google's callbacks list). */
    static final String CallbackList = """
            SELECT c.token, c.method, c.create_time,
                (SELECT count(*) FROM pending_call p WHERE p.execution_id = c.execution_id AND p.callback_token = c.token
                    AND p.state = 'WAITING' AND p.function = 'events.await_callback') AS waiters,
                (SELECT coalesce(jsonb_agg(q.payload ORDER BY q.id), '[]') FROM callback_payload q
                    WHERE q.token = c.token AND q.consumed_by IS NULL) AS payloads
            FROM callback c WHERE c.execution_id = $1 AND c.kind = 'ENDPOINT' AND c.token > $2
            ORDER BY c.token LIMIT $3""";

    static final String CallbackPayloadInsert = """
            INSERT INTO callback_payload (token, payload, receive_time) VALUES ($1, $2, $3)""";

    static final String CallbackPayloadAvailable = """
            SELECT count(*) AS n FROM callback_payload WHERE token = $1 AND consumed_by IS NULL""";

    /** An await_callback takes the oldest queued payload of its callback, if any. */
    static final String CallbackPayloadTake = """
            UPDATE callback_payload SET consumed_by = $2
            WHERE id = (SELECT id FROM callback_payload WHERE token = $1 AND consumed_by IS NULL ORDER BY id LIMIT 1
                        FOR UPDATE) RETURNING payload""";

    private CallbackQueries() {
    }

    /** A callback endpoint: {@code kind} ENDPOINT or TASK. */
    public record Callback(String token, UUID executionId, String kind, String method, Instant createTime) {
    }

    /** One entry of the callbacks list. */
    public record Listed(String token, String method, Instant createTime, long waiters, List<Object> payloads) {
    }

    public static Future<Void> insert(SqlConnection tx, List<Callback> callbacks) {
        if (callbacks.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Tuple> batch = new ArrayList<>();
        for (Callback c : callbacks) {
            batch.add(Tuple.of(c.token(), c.executionId(), c.kind(), c.method(), ts(c.createTime())));
        }
        return tx.preparedQuery(CallbackInsert).executeBatch(batch).mapEmpty();
    }

    public static Future<Callback> get(SqlClient c, String token) {
        return c.preparedQuery(CallbackGet).execute(Tuple.of(token)).map(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            Row r = it.next();
            return new Callback(r.getString("token"), r.getUUID("execution_id"), r.getString("kind"),
                    r.getString("method"), Sql.instant(r, "create_time"));
        });
    }

    public static Future<List<Listed>> list(SqlClient c, UUID executionId, String after, int limit) {
        return c.preparedQuery(CallbackList).execute(Tuple.of(executionId, after, limit)).map(rows -> {
            List<Listed> out = new ArrayList<>();
            rows.forEach(r -> out.add(new Listed(r.getString("token"), r.getString("method"),
                    Sql.instant(r, "create_time"), r.getLong("waiters"),
                    ((io.vertx.core.json.JsonArray) r.getValue("payloads")).getList())));
            return out;
        });
    }

    public static Future<Void> insertPayload(SqlClient c, String token, JsonObject payload, Instant now) {
        return c.preparedQuery(CallbackPayloadInsert).execute(Tuple.of(token, payload, ts(now))).mapEmpty();
    }

    public static Future<Long> available(SqlClient c, String token) {
        return c.preparedQuery(CallbackPayloadAvailable).execute(Tuple.of(token))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    public static Future<JsonObject> take(SqlClient c, String token, String callId) {
        return c.preparedQuery(CallbackPayloadTake).execute(Tuple.of(token, callId)).map(rows -> {
            var it = rows.iterator();
            return it.hasNext() ? (JsonObject) it.next().getValue("payload") : null;
        });
    }
}
