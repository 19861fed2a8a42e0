package dev.baton.engine.rest;

import dev.baton.engine.repository.StepEntryRow;
import dev.baton.engine.repository.ExecutionRow;
import dev.baton.engine.repository.WorkflowRow;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** The API's resources in Google's proto3 JSON (camelCase, RFC 3339 times, durations as {@code "1.5s"}). */
public final class ApiJson {

    private ApiJson() {
    }

    /** A Workflow resource. */
    public static JsonObject workflow(WorkflowRow w) {
        return new JsonObject().put("name", w.name()).put("description", w.description()).put("state", "ACTIVE")
                .put("revisionId", w.revisionId()).put("createTime", time(w.createTime()))
                .put("updateTime", time(w.updateTime())).put("revisionCreateTime", time(w.revisionCreateTime()))
                .put("labels", w.labels()).put("sourceContents", w.sourceContents())
                .put("userEnvVars", w.userEnvVars());
    }

    /** An Execution resource. */
    public static JsonObject execution(ExecutionRow e) {
        JsonObject o = new JsonObject().put("name", e.name()).put("state", e.state().name())
                .put("workflowRevisionId", e.revisionId()).put("createTime", time(e.createTime()))
                .put("callLogLevel", "CALL_LOG_LEVEL_UNSPECIFIED").put("labels", new JsonObject())
                .put("status", new JsonObject().put("currentSteps", e.currentSteps()));
        if (e.argument() != null) {
            o.put("argument", e.argument());
        }
        if (e.startTime() != null) {
            o.put("startTime", time(e.startTime()));
        }
        if (e.endTime() != null) {
            o.put("endTime", time(e.endTime()));
            o.put("duration", duration(Duration.between(e.startTime() == null ? e.createTime() : e.startTime(),
                    e.endTime())));
        }
        if (e.result() != null) {
            o.put("result", e.result());
        }
        if (e.error() != null) {
            o.put("error", e.error());
        }
        return o;
    }

    /**
     * A StepEntry of the execution's history, plus Baton's {@code callId}, {@code function} and {@code attempts} for
     * a step that waited on a blocking call (attempts above 1: the call was performed again after an engine died).
     */
    public static JsonObject stepEntry(ExecutionRow e, StepEntryRow r) {
        JsonObject o = new JsonObject().put("name", e.name() + "/stepEntries/" + r.entryId())
                .put("createTime", time(r.createTime())).put("updateTime", time(r.updateTime()))
                .put("routine", r.routine()).put("step", r.step()).put("stepType", r.stepType())
                .put("state", "STATE_" + r.state().name()).put("entryId", String.valueOf(r.entryId()));
        if (r.parentId() != 0) {
            o.put("navigationInfo", new JsonObject().put("parent", String.valueOf(r.parentId())));
        }
        if (!r.thread().equals("main")) {
            o.put("stepEntryMetadata", new JsonObject().put("threadId", r.thread()));
        }
        if (r.error() != null) {
            o.put("exception", new JsonObject().put("payload", r.error()));
        }
        if (r.callId() != null) {
            o.put("callId", r.callId());
            if (r.function() != null) {
                o.put("function", r.function()).put("attempts", r.attempts());
            }
        }
        return o;
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    static String duration(Duration d) {
        return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString() + "s";
    }
}
