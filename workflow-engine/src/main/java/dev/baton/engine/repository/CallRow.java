package dev.baton.engine.repository;

import dev.baton.engine.CallState;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code pending_call}: one blocking call of an execution and, once known, its outcome. */
public record CallRow(UUID executionId, String callId, String function, String routine, String step,
        JsonObject args, CallState state, Instant dueAt, String callbackToken, String taskName, JsonObject outcome,
        int attempts, Instant createTime, Instant completeTime) {

    static CallRow of(Row r) {
        return new CallRow(r.getUUID("execution_id"), r.getString("call_id"), r.getString("function"),
                r.getString("routine"), r.getString("step"), (JsonObject) r.getValue("args"),
                CallState.valueOf(r.getString("state")), Sql.instant(r, "due_at"), r.getString("callback_token"),
                r.getString("task_name"), (JsonObject) r.getValue("outcome"), r.getInteger("attempts"),
                Sql.instant(r, "create_time"), Sql.instant(r, "complete_time"));
    }
}
