package dev.baton.engine.repository;

import dev.baton.engine.ExecutionStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code execution} (without the interpreter state unless claimed). */
public record ExecutionRow(UUID id, String project, String location, String workflowId, String revisionId,
        ExecutionStatus state, String argument, String result, JsonObject error, String machine,
        JsonArray currentSteps, long stepCount, byte[] secret, long signalSeq, boolean cancelRequested,
        long checkpoints, Instant createTime, Instant startTime, Instant endTime) {

    static ExecutionRow of(Row r) {
        boolean hasMachine = r.getColumnIndex("machine") >= 0;
        return new ExecutionRow(r.getUUID("id"), r.getString("project"), r.getString("location"),
                r.getString("workflow_id"), r.getString("revision_id"), ExecutionStatus.valueOf(r.getString("state")),
                r.getString("argument"), r.getString("result"), (JsonObject) r.getValue("error"),
                hasMachine ? r.getString("machine") : null, (JsonArray) r.getValue("current_steps"),
                r.getLong("step_count"), r.getBuffer("secret").getBytes(), r.getLong("signal_seq"),
                r.getBoolean("cancel_requested"), r.getLong("checkpoints"), Sql.instant(r, "create_time"),
                Sql.instant(r, "start_time"), Sql.instant(r, "end_time"));
    }

    /** {@code projects/{p}/locations/{l}/workflows/{w}/executions/{id}}. */
    public String name() {
        return workflowName() + "/executions/" + id;
    }

    /** The workflow's full name. */
    public String workflowName() {
        return "projects/" + project + "/locations/" + location + "/workflows/" + workflowId;
    }
}
