package dev.baton.engine.rest;

import dev.baton.engine.repository.CallRow;
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

    /** A StepEntry of the execution's history (one per blocking call), plus Baton's function and attempts. */
    public static JsonObject stepEntry(ExecutionRow e, CallRow c, long entryId) {
        String state = switch (c.state()) {
            case IN_FLIGHT, WAITING, DONE -> "STATE_IN_PROGRESS";
            case CONSUMED -> c.outcome() != null && c.outcome().containsKey("error") ? "STATE_FAILED"
                    : "STATE_SUCCEEDED";
            case CANCELLED -> "STATE_FAILED";
        };
        JsonObject o = new JsonObject().put("name", e.name() + "/stepEntries/" + entryId)
                .put("createTime", time(c.createTime()))
                .put("updateTime", time(c.completeTime() == null ? c.createTime() : c.completeTime()))
                .put("routine", c.routine()).put("step", c.step()).put("stepType", "STEP_CALL")
                .put("entryId", String.valueOf(entryId)).put("state", state)
                .put("function", c.function()).put("attempts", c.attempts()).put("callId", c.callId());
        if (c.outcome() != null && c.outcome().containsKey("error")) {
            o.put("exception", new JsonObject().put("payload", c.outcome().getValue("error").toString()));
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
