package dev.baton.engine.repository;

import static dev.baton.engine.repository.Sql.ts;

import dev.baton.engine.ExecutionStatus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every statement on {@code execution}, named {@code Execution<Verb>}. Transitions are guarded by the expected state
 * (and, for the runner, by its lease), so a late or duplicate signal changes nothing. Every method takes "now".
 */
public final class ExecutionQueries {

    /** LISTEN/NOTIFY channel: an execution became due now (payload: instance id of the sender). */
    public static final String CHANNEL = "baton_engine";

    static final String COLUMNS = """
            id, project, location, workflow_id, revision_id, state, argument, result, error, current_steps,
            step_count, secret, signal_seq, cancel_requested, checkpoints, create_time, start_time, end_time""";

    /** Serialises creations per workflow so the ACTIVE count that decides QUEUED cannot be raced past. */
    static final String ExecutionLockWorkflow = "SELECT pg_advisory_xact_lock(hashtext('execution:' || $1))";

    /**
     * Creates an execution: ACTIVE and due now, or QUEUED when the workflow already has $10 ACTIVE executions or
     * older queued ones.
     */
    static final String ExecutionInsert = """
            INSERT INTO execution (id, project, location, workflow_id, revision_id, state, argument, secret, run_at,
                create_time, start_time, update_time)
            SELECT $1, $2, $3, $4, $5, s.state, $6, $7, CASE WHEN s.state = 'ACTIVE' THEN $8::timestamptz END,
                $8::timestamptz, CASE WHEN s.state = 'ACTIVE' THEN $8::timestamptz END, $8::timestamptz
            FROM (SELECT CASE WHEN (SELECT count(*) FROM execution WHERE workflow_id = $4 AND state = 'ACTIVE') < $9
                    AND NOT EXISTS (SELECT 1 FROM execution WHERE workflow_id = $4 AND state = 'QUEUED')
                THEN 'ACTIVE' ELSE 'QUEUED' END AS state) s
            RETURNING\s""" + COLUMNS;

    /**
     * Creates an ACTIVE execution without looking at the workflow's concurrency: used when
     * {@code ExecutionCountLive} showed it far below its limit, so no serialisation is needed.
     */
    static final String ExecutionInsertActive = """
            INSERT INTO execution (id, project, location, workflow_id, revision_id, state, argument, secret, run_at,
                create_time, start_time, update_time)
            VALUES ($1, $2, $3, $4, $5, 'ACTIVE', $6, $7, $8, $8, $8, $8)
            RETURNING\s""" + COLUMNS;

    /**
     * The common creation in one statement: ACTIVE, on the workflow's current revision, provided the workflow exists
     * and has fewer than $8 - $9 live executions (so racing creations cannot exceed $8). Returns nothing otherwise,
     * and the caller takes the slow path (workflow lookup, lock, ExecutionInsert).
     */
    static final String ExecutionInsertIfFarBelowLimit = """
            INSERT INTO execution (id, project, location, workflow_id, revision_id, state, argument, secret, run_at,
                create_time, start_time, update_time)
            SELECT $1, $2, $3, w.workflow_id, w.revision_id, 'ACTIVE', $5, $6, $7::timestamptz, $7::timestamptz,
                $7::timestamptz, $7::timestamptz
            FROM workflow w
            WHERE w.workflow_id = $4 AND (SELECT count(*) FROM (SELECT 1 FROM execution
                    WHERE workflow_id = $4 AND state IN ('ACTIVE', 'QUEUED') LIMIT $8) live) + $9 < $8
            RETURNING\s""" + COLUMNS;

    /** ACTIVE and QUEUED executions of a workflow, counted up to $2. */
    static final String ExecutionCountLive = """
            SELECT count(*) AS n FROM (SELECT 1 FROM execution WHERE workflow_id = $1 AND state IN ('ACTIVE', 'QUEUED')
                LIMIT $2) live""";

    static final String ExecutionGet = "SELECT " + COLUMNS + " FROM execution WHERE id = $1";

    /** One page, newest first, after the keyset ($2, $3); $4 filters by state when not null. */
    static final String ExecutionList = "SELECT " + COLUMNS + " " + """
             FROM execution WHERE workflow_id = $1 AND (create_time, id) < ($2, $3)
                AND ($4::text IS NULL OR state = $4)
            ORDER BY create_time DESC, id DESC LIMIT $5""";

    /**
     * The one claiming statement: due ACTIVE executions in due order, skipping rows another engine is claiming,
     * leased to $1 until $3. While leased, run_at is the lease end, so nobody else claims before it expires.
     */
    static final String ExecutionClaimDue = """
            UPDATE execution e SET lease_owner = $1, lease_expires_at = $3, run_at = $3
            FROM (SELECT id FROM execution WHERE state = 'ACTIVE' AND run_at <= $2
                  ORDER BY run_at LIMIT $4 FOR UPDATE SKIP LOCKED) due
            WHERE e.id = due.id
            RETURNING e.machine,\s""" + prefixed("e");

    /**
     * Extends the leases this engine holds. Rows locked right now (by this engine's own checkpoint, which renews the
     * lease itself, or by a signal) are skipped rather than waited for: waiting in another lock order than the
     * checkpoints' would deadlock with them.
     */
    static final String ExecutionRenewLeases = """
            UPDATE execution e SET lease_expires_at = $3, run_at = $3
            FROM (SELECT id FROM execution WHERE id = ANY($1) AND lease_owner = $2 AND state = 'ACTIVE'
                  FOR UPDATE SKIP LOCKED) mine
            WHERE e.id = mine.id""";

    /** Which of these executions are still leased to $2 (a plain read: never waits for a lock). */
    static final String ExecutionStillLeased = """
            SELECT id FROM execution WHERE id = ANY($1) AND lease_owner = $2 AND state = 'ACTIVE'""";

    /** Gives up leases at once (after a failed checkpoint), so the executions are due again from their last one. */
    static final String ExecutionRelease = """
            UPDATE execution SET lease_owner = NULL, lease_expires_at = NULL, run_at = $3
            WHERE id = ANY($1) AND lease_owner = $2 AND state = 'ACTIVE'""";

    /** First statement of a checkpoint: locks the executions still leased to $2 and reads their signals. */
    static final String ExecutionLockHeld = """
            SELECT id, signal_seq, cancel_requested FROM execution
            WHERE id = ANY($1) AND lease_owner = $2 AND state = 'ACTIVE' ORDER BY id FOR UPDATE""";

    /**
     * The checkpoint of one execution that stays ACTIVE. $2..$4 null keep the stored interpreter state. $7 true keeps
     * the lease (calls in flight) until $8; otherwise run_at becomes now when a signal came meanwhile (signal_seq
     * moved past $9, or an outcome waits), else the earliest timer, else null (wait for a signal).
     */
    static final String ExecutionCheckpoint = """
            UPDATE execution SET machine = COALESCE($2::text, machine),
                current_steps = COALESCE($3::jsonb, current_steps), step_count = COALESCE($4::bigint, step_count),
                update_time = $5::timestamptz, checkpoints = checkpoints + $6::int,
                lease_owner = CASE WHEN $7::boolean THEN lease_owner END,
                lease_expires_at = CASE WHEN $7::boolean THEN $8::timestamptz END,
                run_at = CASE WHEN $7::boolean THEN $8::timestamptz
                    WHEN signal_seq <> $9::bigint OR EXISTS (SELECT 1 FROM pending_call p
                        WHERE p.execution_id = $1 AND p.state = 'DONE') THEN $5::timestamptz
                    ELSE (SELECT min(p.due_at) FROM pending_call p
                        WHERE p.execution_id = $1 AND p.state IN ('WAITING', 'IN_FLIGHT')) END
            WHERE id = $1 AND state = 'ACTIVE'""";

    /**
     * First statement of a pipelined checkpoint: locks the executions (in id order, as every checkpoint does) and
     * fails with a division by zero unless all $3 are still leased to $2, ACTIVE and not asked to cancel; the
     * statements queued behind it then fail too and the transaction rolls back, and the runner takes the careful path.
     */
    static final String ExecutionAssertHeld = """
            SELECT 1 / (CASE WHEN count(*) = $3 THEN 1 ELSE 0 END) AS ok FROM (SELECT id FROM execution
                WHERE id = ANY($1) AND lease_owner = $2 AND state = 'ACTIVE' AND NOT cancel_requested
                ORDER BY id FOR UPDATE) held""";

    /**
     * The pipelined checkpoint of one execution that stays ACTIVE, written before its call rows (so locks are taken
     * execution first, as signals do): the next due time $10 comes from the caller, except that a signal that came
     * meanwhile (signal_seq moved past $9) makes it due now. Returns the signal count for the caller.
     */
    static final String ExecutionCheckpointAhead = """
            UPDATE execution SET machine = COALESCE($2::text, machine),
                current_steps = COALESCE($3::jsonb, current_steps), step_count = COALESCE($4::bigint, step_count),
                update_time = $5::timestamptz, checkpoints = checkpoints + $6::int,
                lease_owner = CASE WHEN $7::boolean THEN lease_owner END,
                lease_expires_at = CASE WHEN $7::boolean THEN $8::timestamptz END,
                run_at = CASE WHEN $7::boolean THEN $8::timestamptz WHEN signal_seq <> $9::bigint THEN $5::timestamptz
                    ELSE $10::timestamptz END
            WHERE id = $1 AND state = 'ACTIVE' RETURNING id, signal_seq""";

    /**
     * The whole checkpoint of a batch of ongoing executions as ONE statement (so one round trip and one commit, no
     * BEGIN): lock the executions in id order and fail (division by zero) unless all are still leased to $10, ACTIVE
     * and not asked to cancel; update them (next due time from the caller unless a signal moved signal_seq); then,
     * joined on the updated rows so each execution is locked before its calls, write the call rows and callbacks.
     * Then the step entries (one multi-row upsert) and the trim of old ones, joined on the updated rows too.
     * Not for batches with a new await_callback (taking a queued payload must see the new call row).
     */
    static final String ExecutionCheckpointOneStatement = """
            WITH held AS (
                SELECT id FROM execution WHERE id = ANY($1::uuid[]) AND lease_owner = $10 AND state = 'ACTIVE'
                    AND NOT cancel_requested AND $9::text IS NULL ORDER BY id FOR UPDATE),
            ok AS (SELECT 1 / (CASE WHEN count(*) = cardinality($1::uuid[]) THEN 1 ELSE 0 END) AS ok FROM held),
            upd AS (
                UPDATE execution e SET machine = COALESCE(v.machine, e.machine),
                    current_steps = COALESCE(v.steps::jsonb, e.current_steps), step_count = COALESCE(v.cnt, e.step_count),
                    update_time = $11::timestamptz, checkpoints = e.checkpoints + v.durable,
                    lease_owner = CASE WHEN v.keep THEN e.lease_owner END,
                    lease_expires_at = CASE WHEN v.keep THEN $12::timestamptz END,
                    run_at = CASE WHEN v.keep THEN $12::timestamptz WHEN e.signal_seq <> v.seq THEN $11::timestamptz
                        ELSE v.run_at END
                FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::int[], $6::bool[], $7::bigint[],
                        $8::timestamptz[]) AS v(id, machine, steps, cnt, durable, keep, seq, run_at), ok
                WHERE e.id = v.id AND ok.ok = 1 AND e.state = 'ACTIVE'
                RETURNING e.id, e.signal_seq),
            calls AS (
                INSERT INTO pending_call (execution_id, call_id, function, routine, step, args, state, due_at,
                    callback_token, task_name, outcome, attempts, create_time, complete_time)
                SELECT r.execution_id, r.call_id, r.function, r.routine, r.step, r.args::jsonb, r.state, r.due_at,
                    r.token, r.task, r.outcome::jsonb, r.attempts, r.created, r.completed
                FROM unnest($13::uuid[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[],
                        $20::timestamptz[], $21::text[], $22::text[], $23::text[], $24::int[], $25::timestamptz[],
                        $26::timestamptz[]) AS r(execution_id, call_id, function, routine, step, args, state, due_at,
                        token, task, outcome, attempts, created, completed)
                JOIN upd ON upd.id = r.execution_id
                ON CONFLICT (execution_id, call_id) DO UPDATE SET state = EXCLUDED.state,
                    due_at = EXCLUDED.due_at, outcome = COALESCE(EXCLUDED.outcome, pending_call.outcome),
                    attempts = GREATEST(EXCLUDED.attempts, pending_call.attempts),
                    task_name = COALESCE(EXCLUDED.task_name, pending_call.task_name),
                    complete_time = COALESCE(EXCLUDED.complete_time, pending_call.complete_time)
                WHERE pending_call.state NOT IN ('CONSUMED', 'CANCELLED')
                    AND NOT (pending_call.state = 'DONE' AND EXCLUDED.state IN ('WAITING', 'IN_FLIGHT'))
                RETURNING 1),
            cbs AS (
                INSERT INTO callback (token, execution_id, kind, method, create_time)
                SELECT c.token, c.execution_id, c.kind, c.method, $11::timestamptz
                FROM unnest($27::text[], $28::uuid[], $29::text[], $30::text[]) AS c(token, execution_id, kind, method)
                JOIN upd ON upd.id = c.execution_id
                ON CONFLICT (token) DO NOTHING RETURNING 1),
            entries AS (""" + StepEntryQueries.upsert(31, "JOIN upd ON upd.id = r.execution_id") + """
                RETURNING 1),
            trimmed AS (""" + StepEntryQueries.trim(43, "JOIN upd ON upd.id = t.execution_id") + """
                RETURNING 1)
            SELECT upd.id, upd.signal_seq, (SELECT count(*) FROM calls) AS calls, (SELECT count(*) FROM cbs) AS cbs
            FROM upd""";

    /** The final checkpoint: ACTIVE to SUCCEEDED, FAILED or CANCELLED. */
    static final String ExecutionFinish = """
            UPDATE execution SET state = $2, result = $3, error = $4, machine = COALESCE($5::text, machine),
                current_steps = COALESCE($6::jsonb, current_steps), step_count = COALESCE($7::bigint, step_count),
                end_time = $8::timestamptz, update_time = $8::timestamptz, checkpoints = checkpoints + 1, run_at = NULL, lease_owner = NULL,
                lease_expires_at = NULL
            WHERE id = $1 AND state = 'ACTIVE'""";

    /** Starts the oldest QUEUED executions of a workflow (one per execution that just finished). */
    static final String ExecutionPromoteQueued = """
            UPDATE execution e SET state = 'ACTIVE', start_time = $2, run_at = $2, update_time = $2
            FROM (SELECT id FROM execution WHERE workflow_id = $1 AND state = 'QUEUED'
                  ORDER BY create_time LIMIT $3 FOR UPDATE SKIP LOCKED) q
            WHERE e.id = q.id RETURNING\s""" + prefixed("e");

    /** A signal's first statement: locks the execution so signal and checkpoint never deadlock. */
    static final String ExecutionLockForSignal = "SELECT " + COLUMNS + " FROM execution WHERE id = $1 FOR UPDATE";

    /** A signal arrived: due now unless a runner holds it (its checkpoint sees signal_seq move). */
    static final String ExecutionSignal = """
            UPDATE execution SET signal_seq = signal_seq + 1, update_time = $2::timestamptz,
                run_at = CASE WHEN lease_owner IS NULL OR lease_expires_at < $2::timestamptz THEN $2::timestamptz
                    ELSE run_at END
            WHERE id = $1 AND state = 'ACTIVE'""";

    /** Cancel of an ACTIVE execution: the runner cancels it at its next step boundary. */
    static final String ExecutionRequestCancel = """
            UPDATE execution SET cancel_requested = true, signal_seq = signal_seq + 1,
                update_time = $2::timestamptz,
                run_at = CASE WHEN lease_owner IS NULL OR lease_expires_at < $2::timestamptz THEN $2::timestamptz
                    ELSE run_at END
            WHERE id = $1 AND state = 'ACTIVE' RETURNING id""";

    /** Cancel of a QUEUED execution: nothing runs, so it is final at once. */
    static final String ExecutionCancelQueued = """
            UPDATE execution SET state = 'CANCELLED', end_time = $2, update_time = $2
            WHERE id = $1 AND state = 'QUEUED' RETURNING\s""" + COLUMNS;

    static final String ExecutionNotify = "SELECT pg_notify('" + CHANNEL + "', $1)";

    private ExecutionQueries() {
    }

    private static String prefixed(String alias) {
        return java.util.Arrays.stream(COLUMNS.split(",")).map(c -> alias + "." + c.strip())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** A claimed execution's signal state as locked by a checkpoint. */
    public record Held(long signalSeq, boolean cancelRequested) {
    }

    public static Future<Void> lockWorkflow(SqlClient c, String workflowId) {
        return c.preparedQuery(ExecutionLockWorkflow).execute(Tuple.of(workflowId)).mapEmpty();
    }

    public static Future<ExecutionRow> insert(SqlClient c, UUID id, String project, String location,
            String workflowId, String revisionId, String argument, byte[] secret, Instant now, int maxActive) {
        return c.preparedQuery(ExecutionInsert).execute(Tuple.from(new Object[] {id, project, location, workflowId,
                revisionId, argument, Buffer.buffer(secret), ts(now), maxActive})).map(ExecutionQueries::first);
    }

    public static Future<ExecutionRow> insertActive(SqlClient c, UUID id, String project, String location,
            String workflowId, String revisionId, String argument, byte[] secret, Instant now) {
        return c.preparedQuery(ExecutionInsertActive).execute(Tuple.from(new Object[] {id, project, location,
                workflowId, revisionId, argument, Buffer.buffer(secret), ts(now)})).map(ExecutionQueries::first);
    }

    public static Future<ExecutionRow> insertIfFarBelowLimit(SqlClient c, UUID id, String project, String location,
            String workflowId, String argument, byte[] secret, Instant now, int limit, int margin) {
        return c.preparedQuery(ExecutionInsertIfFarBelowLimit).execute(Tuple.from(new Object[] {id, project,
                location, workflowId, argument, Buffer.buffer(secret), ts(now), limit, margin}))
                .map(ExecutionQueries::first);
    }

    public static Future<Long> countLive(SqlClient c, String workflowId, long upTo) {
        return c.preparedQuery(ExecutionCountLive).execute(Tuple.of(workflowId, upTo))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    public static Future<ExecutionRow> get(SqlClient c, UUID id) {
        return c.preparedQuery(ExecutionGet).execute(Tuple.of(id)).map(ExecutionQueries::first);
    }

    public static Future<List<ExecutionRow>> list(SqlClient c, String workflowId, Instant beforeTime, UUID beforeId,
            ExecutionStatus state, int limit) {
        return c.preparedQuery(ExecutionList).execute(Tuple.of(workflowId, ts(beforeTime), beforeId,
                state == null ? null : state.name(), limit)).map(ExecutionQueries::all);
    }

    public static Future<List<ExecutionRow>> claimDue(SqlClient c, String owner, Instant now, Instant leaseUntil,
            int limit) {
        return c.preparedQuery(ExecutionClaimDue).execute(Tuple.of(owner, ts(now), ts(leaseUntil), limit))
                .map(ExecutionQueries::all);
    }

    /** Renews what it can and returns the ids still leased to {@code owner}. */
    public static Future<List<UUID>> renewLeases(SqlClient c, List<UUID> ids, String owner, Instant until) {
        UUID[] array = ids.toArray(UUID[]::new);
        return c.preparedQuery(ExecutionRenewLeases).execute(Tuple.of(array, owner, ts(until)))
                .compose(v -> c.preparedQuery(ExecutionStillLeased).execute(Tuple.of(array, owner)))
                .map(rows -> {
                    List<UUID> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getUUID("id")));
                    return out;
                });
    }

    public static Future<Void> release(SqlClient c, List<UUID> ids, String owner, Instant now) {
        return c.preparedQuery(ExecutionRelease).execute(Tuple.of(ids.toArray(UUID[]::new), owner, ts(now)))
                .mapEmpty();
    }

    public static Future<Map<UUID, Held>> lockHeld(SqlConnection tx, List<UUID> ids, String owner) {
        return tx.preparedQuery(ExecutionLockHeld).execute(Tuple.of(ids.toArray(UUID[]::new), owner)).map(rows -> {
            Map<UUID, Held> out = new HashMap<>();
            rows.forEach(r -> out.put(r.getUUID("id"),
                    new Held(r.getLong("signal_seq"), r.getBoolean("cancel_requested"))));
            return out;
        });
    }

    /** One checkpoint row for {@link #checkpoint}. */
    public record Checkpoint(UUID id, String machine, JsonArray currentSteps, Long stepCount, boolean keepLease,
            Instant leaseUntil, long signalSeq, boolean durableStep) {
    }

    public static Future<Void> checkpoint(SqlConnection tx, List<Checkpoint> checkpoints, Instant now) {
        if (checkpoints.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Tuple> batch = new ArrayList<>();
        for (Checkpoint k : checkpoints) {
            batch.add(Tuple.from(new Object[] {k.id(), k.machine(), k.currentSteps(), k.stepCount(), ts(now),
                    k.durableStep() ? 1 : 0, k.keepLease(), ts(k.leaseUntil()), k.signalSeq()}));
        }
        return tx.preparedQuery(ExecutionCheckpoint).executeBatch(batch).mapEmpty();
    }

    public static Future<Void> assertHeld(SqlConnection tx, List<UUID> ids, String owner) {
        return tx.preparedQuery(ExecutionAssertHeld).execute(Tuple.of(ids.toArray(UUID[]::new), owner, ids.size()))
                .mapEmpty();
    }

    /** {@link #checkpoint} written ahead of the call rows, with the next due time {@code runAt} per execution. */
    public static Future<Map<UUID, Long>> checkpointAhead(SqlConnection tx, List<Checkpoint> checkpoints,
            Map<UUID, Instant> runAt, Instant now) {
        if (checkpoints.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        List<Tuple> batch = new ArrayList<>();
        for (Checkpoint k : checkpoints) {
            batch.add(Tuple.from(new Object[] {k.id(), k.machine(), k.currentSteps(), k.stepCount(), ts(now),
                    k.durableStep() ? 1 : 0, k.keepLease(), ts(k.leaseUntil()), k.signalSeq(),
                    ts(runAt.get(k.id()))}));
        }
        return tx.preparedQuery(ExecutionCheckpointAhead).executeBatch(batch).map(rows -> {
            Map<UUID, Long> seqs = new HashMap<>();
            for (RowSet<Row> rs = rows; rs != null; rs = rs.next()) {
                rs.forEach(r -> seqs.put(r.getUUID("id"), r.getLong("signal_seq")));
            }
            return seqs;
        });
    }

    /**
     * {@link #ExecutionCheckpointOneStatement}: returns each execution's signal count; fails when any execution is no
     * longer held (nothing is written then).
     */
    public static Future<Map<UUID, Long>> checkpointOneStatement(SqlClient c, List<Checkpoint> checkpoints,
            Map<UUID, Instant> runAt, List<CallRow> rows, List<CallbackQueries.Callback> callbacks,
            List<StepEntryRow> entries, Map<UUID, Long> keepFrom, String owner, Instant now, Instant leaseUntil) {
        int n = checkpoints.size();
        UUID[] ids = new UUID[n];
        String[] machines = new String[n];
        String[] steps = new String[n];
        Long[] counts = new Long[n];
        Integer[] durable = new Integer[n];
        Boolean[] keep = new Boolean[n];
        Long[] seqs = new Long[n];
        java.time.OffsetDateTime[] runAts = new java.time.OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Checkpoint k = checkpoints.get(i);
            ids[i] = k.id();
            machines[i] = k.machine();
            steps[i] = k.currentSteps() == null ? null : k.currentSteps().encode();
            counts[i] = k.stepCount();
            durable[i] = k.durableStep() ? 1 : 0;
            keep[i] = k.keepLease();
            seqs[i] = k.signalSeq();
            runAts[i] = ts(runAt.get(k.id()));
        }
        int m = rows.size();
        UUID[] cExec = new UUID[m];
        String[] cId = new String[m];
        String[] cFn = new String[m];
        String[] cRoutine = new String[m];
        String[] cStep = new String[m];
        String[] cArgs = new String[m];
        String[] cState = new String[m];
        java.time.OffsetDateTime[] cDue = new java.time.OffsetDateTime[m];
        String[] cToken = new String[m];
        String[] cTask = new String[m];
        String[] cOutcome = new String[m];
        Integer[] cAttempts = new Integer[m];
        java.time.OffsetDateTime[] cCreated = new java.time.OffsetDateTime[m];
        java.time.OffsetDateTime[] cCompleted = new java.time.OffsetDateTime[m];
        for (int i = 0; i < m; i++) {
            CallRow r = rows.get(i);
            cExec[i] = r.executionId();
            cId[i] = r.callId();
            cFn[i] = r.function();
            cRoutine[i] = r.routine();
            cStep[i] = r.step();
            cArgs[i] = r.args().encode();
            cState[i] = r.state().name();
            cDue[i] = ts(r.dueAt());
            cToken[i] = r.callbackToken();
            cTask[i] = r.taskName();
            cOutcome[i] = r.outcome() == null ? null : r.outcome().encode();
            cAttempts[i] = r.attempts();
            cCreated[i] = ts(r.createTime());
            cCompleted[i] = ts(r.completeTime());
        }
        int b = callbacks.size();
        String[] bToken = new String[b];
        UUID[] bExec = new UUID[b];
        String[] bKind = new String[b];
        String[] bMethod = new String[b];
        for (int i = 0; i < b; i++) {
            var cb = callbacks.get(i);
            bToken[i] = cb.token();
            bExec[i] = cb.executionId();
            bKind[i] = cb.kind();
            bMethod[i] = cb.method();
        }
        Object[] entryArrays = StepEntryQueries.upsertArrays(entries);
        Object[] trimArrays = StepEntryQueries.trimArrays(keepFrom);
        Object[] params = new Object[44];
        Object[] head = {ids, machines, steps, counts, durable, keep, seqs, runAts, null, owner, ts(now),
                ts(leaseUntil), cExec, cId, cFn, cRoutine, cStep, cArgs, cState, cDue, cToken, cTask, cOutcome, cAttempts,
                cCreated, cCompleted, bToken, bExec, bKind, bMethod};
        System.arraycopy(head, 0, params, 0, 30);
        System.arraycopy(entryArrays, 0, params, 30, 12);
        System.arraycopy(trimArrays, 0, params, 42, 2);
        Tuple t = Tuple.from(params);
        return c.preparedQuery(ExecutionCheckpointOneStatement).execute(t).map(result -> {
            Map<UUID, Long> out = new HashMap<>();
            result.forEach(r -> out.put(r.getUUID("id"), r.getLong("signal_seq")));
            if (out.size() != n) {
                throw new IllegalStateException("checkpoint wrote " + out.size() + " of " + n + " executions");
            }
            return out;
        });
    }

    /** One final transition for {@link #finish}. */
    public record Finish(UUID id, ExecutionStatus state, String result, JsonObject error, String machine,
            JsonArray currentSteps, Long stepCount) {
    }

    public static Future<Void> finish(SqlConnection tx, List<Finish> finishes, Instant now) {
        if (finishes.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Tuple> batch = new ArrayList<>();
        for (Finish f : finishes) {
            batch.add(Tuple.from(new Object[] {f.id(), f.state().name(), f.result(), f.error(), f.machine(),
                    f.currentSteps(), f.stepCount(), ts(now)}));
        }
        return tx.preparedQuery(ExecutionFinish).executeBatch(batch).mapEmpty();
    }

    public static Future<List<ExecutionRow>> promoteQueued(SqlClient c, String workflowId, Instant now, int count) {
        return c.preparedQuery(ExecutionPromoteQueued).execute(Tuple.of(workflowId, ts(now), count))
                .map(ExecutionQueries::all);
    }

    public static Future<ExecutionRow> lockForSignal(SqlConnection tx, UUID id) {
        return tx.preparedQuery(ExecutionLockForSignal).execute(Tuple.of(id)).map(ExecutionQueries::first);
    }

    public static Future<Void> signal(SqlClient c, UUID id, Instant now) {
        return c.preparedQuery(ExecutionSignal).execute(Tuple.of(id, ts(now))).mapEmpty();
    }

    public static Future<Boolean> requestCancel(SqlClient c, UUID id, Instant now) {
        return c.preparedQuery(ExecutionRequestCancel).execute(Tuple.of(id, ts(now))).map(rows -> rows.size() > 0);
    }

    public static Future<ExecutionRow> cancelQueued(SqlClient c, UUID id, Instant now) {
        return c.preparedQuery(ExecutionCancelQueued).execute(Tuple.of(id, ts(now))).map(ExecutionQueries::first);
    }

    public static Future<Void> notify(SqlClient c, String payload) {
        return c.preparedQuery(ExecutionNotify).execute(Tuple.of(payload)).mapEmpty();
    }

    private static ExecutionRow first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? ExecutionRow.of(it.next()) : null;
    }

    private static List<ExecutionRow> all(RowSet<Row> rows) {
        List<ExecutionRow> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(ExecutionRow.of(r)));
        return out;
    }
}
