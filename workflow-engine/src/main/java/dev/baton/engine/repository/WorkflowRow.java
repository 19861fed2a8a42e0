package dev.baton.engine.repository;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/**
 * A row of {@code workflow}: the current revision of a deployed workflow.
 *
 * @param origin API or DIRECTORY
 */
public record WorkflowRow(String workflowId, String project, String location, String revisionId, int revisionSeq,
        String description, JsonObject labels, JsonObject userEnvVars, String sourceContents, String origin,
        Instant createTime, Instant updateTime, Instant revisionCreateTime) {

    static WorkflowRow of(Row r) {
        return new WorkflowRow(r.getString("workflow_id"), r.getString("project"), r.getString("location"),
                r.getString("revision_id"), r.getInteger("revision_seq"), r.getString("description"),
                (JsonObject) r.getValue("labels"), (JsonObject) r.getValue("user_env_vars"),
                r.getString("source_contents"), r.getString("origin"), Sql.instant(r, "create_time"),
                Sql.instant(r, "update_time"), Sql.instant(r, "revision_create_time"));
    }

    /** {@code projects/{p}/locations/{l}/workflows/{id}}. */
    public String name() {
        return "projects/" + project + "/locations/" + location + "/workflows/" + workflowId;
    }
}
