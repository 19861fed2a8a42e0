package dev.baton.engine.repository;

import static dev.baton.engine.repository.Sql.ts;

import dev.baton.engine.CallState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Every statement on {@code pending_call}, named {@code PendingCall<Verb>}. Signals complete a call only from an
 * open state, so the first outcome wins and duplicates change nothing.
 */
public final class PendingCallQueries {

    static final String COLUMNS = """
            execution_id, call_id, function, routine, step, args, state, due_at, callback_token, task_name, outcome,
            attempts, create_time, complete_time""";

    /** The open calls of claimed executions: outcomes to apply, timers to check, attempts to redo. */
    static final String PendingCallOpenFor = "SELECT " + COLUMNS + " " + """
             FROM pending_call WHERE execution_id = ANY($1) AND state IN ('IN_FLIGHT', 'WAITING', 'DONE')""";

    /** Outcomes stored by signals for one execution (a held execution whose signal_seq moved). */
    static final String PendingCallDoneFor = "SELECT " + COLUMNS
            + " FROM pending_call WHERE execution_id = $1 AND state = 'DONE'";

    /**
     * A checkpoint's write of one call: new (IN_FLIGHT/WAITING), applied (CONSUMED with the outcome), task created
     * (WAITING) or redone (attempts). Never reopens a final row.
     */
    static final String PendingCallUpsert = "INSERT INTO pending_call (" + COLUMNS + " " + """
            ) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT (execution_id, call_id) DO UPDATE SET state = EXCLUDED.state,
                due_at = EXCLUDED.due_at, outcome = COALESCE(EXCLUDED.outcome, pending_call.outcome),
                attempts = GREATEST(EXCLUDED.attempts, pending_call.attempts),
                task_name = COALESCE(EXCLUDED.task_name, pending_call.task_name),
                complete_time = COALESCE(EXCLUDED.complete_time, pending_call.complete_time)
            WHERE pending_call.state NOT IN ('CONSUMED', 'CANCELLED')
                AND NOT (pending_call.state = 'DONE' AND EXCLUDED.state IN ('WAITING', 'IN_FLIGHT'))""";

    /**
     * A new await_callback takes the oldest payload its callback received while nobody waited, if any: the call is
     * then DONE at once and the checkpoint leaves the execution due.
     */
    static final String PendingCallTakeCallbackPayload = """
            WITH taken AS (
                UPDATE callback_payload SET consumed_by = $2::text
                WHERE id = (SELECT id FROM callback_payload WHERE token = $3::text AND consumed_by IS NULL
                            ORDER BY id LIMIT 1 FOR UPDATE)
                RETURNING payload)
            UPDATE pending_call SET state = 'DONE', outcome = jsonb_build_object('value', taken.payload),
                complete_time = $4::timestamptz
            FROM taken WHERE execution_id = $1::uuid AND call_id = $2::text AND state = 'WAITING'""";

    /** A signal's outcome (callback, completion report): first outcome wins. */
    static final String PendingCallComplete = """
            UPDATE pending_call SET state = 'DONE', outcome = $3, complete_time = $4
            WHERE execution_id = $1 AND call_id = $2 AND state IN ('WAITING', 'IN_FLIGHT') RETURNING call_id""";

    /** The call waiting on a callback token, if any (locked with its execution by the signal). */
    static final String PendingCallWaitingOn = "SELECT " + COLUMNS
            + " FROM pending_call WHERE execution_id = $1 AND callback_token = $2 AND state IN ('WAITING', 'IN_FLIGHT')"
            + " ORDER BY create_time LIMIT 1";

    /** Open calls of executions that just finished. */
    static final String PendingCallCancelOpen = """
            UPDATE pending_call SET state = 'CANCELLED', complete_time = $2
            WHERE execution_id = ANY($1) AND state IN ('IN_FLIGHT', 'WAITING', 'DONE')
            RETURNING task_name""";

    private PendingCallQueries() {
    }

    public static Future<List<CallRow>> openFor(SqlClient c, List<UUID> ids) {
        return c.preparedQuery(PendingCallOpenFor).execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(PendingCallQueries::all);
    }

    public static Future<List<CallRow>> doneFor(SqlClient c, UUID id) {
        return c.preparedQuery(PendingCallDoneFor).execute(Tuple.of(id)).map(PendingCallQueries::all);
    }

    public static Future<Void> upsert(SqlConnection tx, List<CallRow> rows) {
        if (rows.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Tuple> batch = new ArrayList<>(rows.size());
        for (CallRow r : rows) {
            batch.add(Tuple.from(new Object[] {r.executionId(), r.callId(), r.function(), r.routine(), r.step(),
                    r.args(), r.state().name(), ts(r.dueAt()), r.callbackToken(), r.taskName(), r.outcome(),
                    r.attempts(), ts(r.createTime()), ts(r.completeTime())}));
        }
        return tx.preparedQuery(PendingCallUpsert).executeBatch(batch).mapEmpty();
    }

    public static Future<Void> takePayloads(SqlConnection tx, List<CallRow> awaits, Instant now) {
        if (awaits.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Tuple> batch = new ArrayList<>();
        for (CallRow r : awaits) {
            batch.add(Tuple.of(r.executionId(), r.callId(), r.callbackToken(), ts(now)));
        }
        return tx.preparedQuery(PendingCallTakeCallbackPayload).executeBatch(batch).mapEmpty();
    }

    public static Future<Boolean> complete(SqlClient c, UUID executionId, String callId, JsonObject outcome,
            Instant now) {
        return c.preparedQuery(PendingCallComplete).execute(Tuple.of(executionId, callId, outcome, ts(now)))
                .map(rows -> rows.size() > 0);
    }

    public static Future<CallRow> waitingOn(SqlClient c, UUID executionId, String token) {
        return c.preparedQuery(PendingCallWaitingOn).execute(Tuple.of(executionId, token)).map(rows -> {
            var it = rows.iterator();
            return it.hasNext() ? CallRow.of(it.next()) : null;
        });
    }

    public static Future<List<String>> cancelOpen(SqlClient c, List<UUID> ids, Instant now) {
        if (ids.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return c.preparedQuery(PendingCallCancelOpen).execute(Tuple.of(ids.toArray(UUID[]::new), ts(now)))
                .map(rows -> {
                    List<String> tasks = new ArrayList<>();
                    rows.forEach(r -> {
                        if (r.getString("task_name") != null) {
                            tasks.add(r.getString("task_name"));
                        }
                    });
                    return tasks;
                });
    }

    /** A new or changed row for {@link #upsert}. */
    public static CallRow row(UUID executionId, String callId, String function, String routine, String step,
            JsonObject args, CallState state, Instant dueAt, String token, String taskName, JsonObject outcome,
            int attempts, Instant createTime, Instant completeTime) {
        return new CallRow(executionId, callId, function, routine, step, args, state, dueAt, token, taskName,
                outcome, attempts, createTime, completeTime);
    }

    private static List<CallRow> all(RowSet<Row> rows) {
        List<CallRow> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(CallRow.of(r)));
        return out;
    }
}
