package dev.baton.engine.repository;

import static dev.baton.engine.repository.Sql.ts;

import io.vertx.core.Future;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every statement on {@code step_entry}, named {@code StepEntry<Verb>}. Entries are written by checkpoints only, in
 * the checkpoint's transaction; an entry that reached a final state never changes again, so a late or repeated write
 * changes nothing.
 */
public final class StepEntryQueries {

    static final String COLUMNS = """
            execution_id, entry_id, parent_id, thread, routine, step, step_type, state, call_id, exception,
            create_time, update_time""";

    /** The entries a checkpoint writes, as one multi-row statement: new ones inserted, open ones moved on. */
    static final String StepEntryUpsert = upsert(1, "");

    /**
     * Keeps the newest entries of each execution: deletes the finished ones below {@code keep_from} (open ones stay,
     * they are few and will be rewritten when they end).
     */
    static final String StepEntryTrim = trim(1, "");

    /** An execution ended: steps still open (cancelled, or stopped by an engine error) end FAILED with $3. */
    static final String StepEntryFailOpen = """
            UPDATE step_entry s SET state = 'FAILED', exception = v.exception::jsonb, update_time = $3::timestamptz
            FROM unnest($1::uuid[], $2::text[]) AS v(execution_id, exception)
            WHERE s.execution_id = v.execution_id AND s.state = 'IN_PROGRESS'""";

    /**
     * One page of an execution's entries in entry order after entry $2 (skipping $4 more), with the blocking call each
     * waited on (function, attempts).
     */
    static final String StepEntryList = "SELECT " + prefixed("s") + ", p.function, p.attempts " + """
            FROM step_entry s LEFT JOIN pending_call p ON p.execution_id = s.execution_id AND p.call_id = s.call_id
            WHERE s.execution_id = $1 AND s.entry_id > $2 ORDER BY s.entry_id OFFSET $4 LIMIT $3""";

    static final String StepEntryGet = "SELECT " + prefixed("s") + ", p.function, p.attempts " + """
            FROM step_entry s LEFT JOIN pending_call p ON p.execution_id = s.execution_id AND p.call_id = s.call_id
            WHERE s.execution_id = $1 AND s.entry_id = $2""";

    private StepEntryQueries() {
    }

    /**
     * The upsert with its twelve array parameters numbered from {@code first}; {@code join} (such as
     * {@code JOIN upd ON upd.id = r.execution_id}) restricts it to executions a surrounding statement holds.
     */
    static String upsert(int first, String join) {
        return """
                INSERT INTO step_entry (%s)
                SELECT r.execution_id, r.entry_id, NULLIF(r.parent_id, 0), r.thread, r.routine, r.step, r.step_type,
                    r.state, r.call_id, r.exception::jsonb, r.created, r.updated
                FROM unnest($%d::uuid[], $%d::bigint[], $%d::bigint[], $%d::text[], $%d::text[], $%d::text[],
                        $%d::text[], $%d::text[], $%d::text[], $%d::text[], $%d::timestamptz[], $%d::timestamptz[])
                    AS r(execution_id, entry_id, parent_id, thread, routine, step, step_type, state, call_id,
                        exception, created, updated) %s
                ON CONFLICT (execution_id, entry_id) DO UPDATE SET state = EXCLUDED.state,
                    exception = EXCLUDED.exception, call_id = COALESCE(EXCLUDED.call_id, step_entry.call_id),
                    update_time = EXCLUDED.update_time
                WHERE step_entry.state = 'IN_PROGRESS'""".formatted(COLUMNS.replace("\n", " "), first, first + 1,
                first + 2, first + 3, first + 4, first + 5, first + 6, first + 7, first + 8, first + 9, first + 10,
                first + 11, join);
    }

    /** The trim with its two array parameters (execution ids, keep-from entry ids) numbered from {@code first}. */
    static String trim(int first, String join) {
        return """
                DELETE FROM step_entry s
                USING unnest($%d::uuid[], $%d::bigint[]) AS t(execution_id, keep_from) %s
                WHERE s.execution_id = t.execution_id AND s.entry_id < t.keep_from AND s.state <> 'IN_PROGRESS'"""
                .formatted(first, first + 1, join);
    }

    /** The upsert's twelve arrays for {@code rows}, in parameter order. */
    static Object[] upsertArrays(List<StepEntryRow> rows) {
        int n = rows.size();
        UUID[] exec = new UUID[n];
        Long[] id = new Long[n];
        Long[] parent = new Long[n];
        String[] thread = new String[n];
        String[] routine = new String[n];
        String[] step = new String[n];
        String[] type = new String[n];
        String[] state = new String[n];
        String[] call = new String[n];
        String[] error = new String[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        OffsetDateTime[] updated = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            StepEntryRow r = rows.get(i);
            exec[i] = r.executionId();
            id[i] = r.entryId();
            parent[i] = r.parentId();
            thread[i] = r.thread();
            routine[i] = r.routine();
            step[i] = r.step();
            type[i] = r.stepType();
            state[i] = r.state().name();
            call[i] = r.callId();
            error[i] = r.error();
            created[i] = ts(r.createTime());
            updated[i] = ts(r.updateTime());
        }
        return new Object[] {exec, id, parent, thread, routine, step, type, state, call, error, created, updated};
    }

    /** The trim's two arrays for {@code keepFrom} (execution id to its first entry id to keep). */
    static Object[] trimArrays(Map<UUID, Long> keepFrom) {
        UUID[] ids = new UUID[keepFrom.size()];
        Long[] from = new Long[keepFrom.size()];
        int i = 0;
        for (var e : keepFrom.entrySet()) {
            ids[i] = e.getKey();
            from[i++] = e.getValue();
        }
        return new Object[] {ids, from};
    }

    /** Writes {@code rows} (one multi-row statement) and trims by {@code keepFrom}, on the checkpoint's connection. */
    public static Future<Void> write(SqlClient tx, List<StepEntryRow> rows, Map<UUID, Long> keepFrom) {
        Future<?> upsert = rows.isEmpty() ? Future.succeededFuture()
                : tx.preparedQuery(StepEntryUpsert).execute(Tuple.from(upsertArrays(rows)));
        Future<?> trim = keepFrom.isEmpty() ? Future.succeededFuture()
                : tx.preparedQuery(StepEntryTrim).execute(Tuple.from(trimArrays(keepFrom)));
        return Future.all(upsert, trim).mapEmpty();
    }

    /** Ends the open entries of finished executions (execution id to the error map JSON they end with). */
    public static Future<Void> failOpen(SqlClient tx, Map<UUID, String> errors, Instant now) {
        if (errors.isEmpty()) {
            return Future.succeededFuture();
        }
        UUID[] ids = new UUID[errors.size()];
        String[] messages = new String[errors.size()];
        int i = 0;
        for (var e : errors.entrySet()) {
            ids[i] = e.getKey();
            messages[i++] = e.getValue();
        }
        return tx.preparedQuery(StepEntryFailOpen).execute(Tuple.of(ids, messages, ts(now))).mapEmpty();
    }

    public static Future<List<StepEntryRow>> list(SqlClient c, UUID executionId, long after, int skip, int limit) {
        return c.preparedQuery(StepEntryList).execute(Tuple.of(executionId, after, limit, skip))
                .map(StepEntryQueries::all);
    }

    public static Future<StepEntryRow> get(SqlClient c, UUID executionId, long entryId) {
        return c.preparedQuery(StepEntryGet).execute(Tuple.of(executionId, entryId)).map(rows -> {
            var it = rows.iterator();
            return it.hasNext() ? StepEntryRow.of(it.next()) : null;
        });
    }

    private static List<StepEntryRow> all(RowSet<Row> rows) {
        List<StepEntryRow> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(StepEntryRow.of(r)));
        return out;
    }

    private static String prefixed(String alias) {
        return java.util.Arrays.stream(COLUMNS.split(",")).map(c -> alias + "." + c.strip())
                .collect(java.util.stream.Collectors.joining(", "));
    }
}
