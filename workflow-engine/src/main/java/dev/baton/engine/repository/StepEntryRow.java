package dev.baton.engine.repository;

import dev.baton.engine.runtime.StepEntry;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code step_entry}: one step an execution started, and where it stands. {@code attempts} and
 * {@code function} come from the blocking call the step waited on, when listed.
 *
 * @param error the error map (JSON text) that failed the step, or null
 */
public record StepEntryRow(UUID executionId, long entryId, long parentId, String thread, String routine, String step,
        String stepType, StepEntry.State state, String callId, String error, Instant createTime, Instant updateTime,
        String function, Integer attempts) {

    static StepEntryRow of(Row r) {
        Object error = r.getValue("exception");
        Long parent = r.getLong("parent_id");
        return new StepEntryRow(r.getUUID("execution_id"), r.getLong("entry_id"), parent == null ? 0 : parent,
                r.getString("thread"), r.getString("routine"), r.getString("step"), r.getString("step_type"),
                StepEntry.State.valueOf(r.getString("state")), r.getString("call_id"),
                error == null ? null : error.toString(), Sql.instant(r, "create_time"), Sql.instant(r, "update_time"),
                r.getString("function"), r.getInteger("attempts"));
    }
}
