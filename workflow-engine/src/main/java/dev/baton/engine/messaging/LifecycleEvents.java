package dev.baton.engine.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.EventTypes;
import dev.baton.engine.ExecutionStatus;
import dev.baton.engine.repository.ExecutionRow;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.outbox.OutboxEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the execution lifecycle CloudEvents (started, succeeded, failed, cancelled) to the platform outbox on the
 * connection of the transaction that changes the execution's state, so an event exists if and only if the change
 * committed; plus {@code dev.baton.saga.finished.v1} when a finished execution's argument carries a
 * {@code paymentId}. Event ids are derived from the execution id and the transition, so they are unique per fact.
 */
@ApplicationScoped
public class LifecycleEvents {

    private static final ObjectMapper READER = new ObjectMapper();

    private final Outbox outbox;

    public LifecycleEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** The execution started running at {@code at}. */
    public Future<Void> started(SqlConnection tx, ExecutionRow e, Instant at) {
        Map<String, Object> data = base(e);
        data.put("startedAt", at.toString());
        return append(tx, List.of(event(e, EventTypes.WORKFLOW_EXECUTION_STARTED, "started", data, at)));
    }

    /**
     * The execution became final at {@code at}.
     *
     * @param error the Execution.error object ({payload, context}) of a failure, else null
     */
    public Future<Void> finished(SqlConnection tx, ExecutionRow e, ExecutionStatus state, JsonObject error,
            Instant at) {
        Map<String, Object> data = base(e);
        Instant started = e.startTime();
        if (started != null) {
            data.put("startedAt", started.toString());
        }
        data.put("finishedAt", at.toString());
        long millis = started == null ? 0 : Math.max(0, Duration.between(started, at).toMillis());
        if (started != null) {
            data.put("durationMillis", millis);
        }
        String type = switch (state) {
            case SUCCEEDED -> EventTypes.WORKFLOW_EXECUTION_SUCCEEDED;
            case FAILED -> EventTypes.WORKFLOW_EXECUTION_FAILED;
            default -> EventTypes.WORKFLOW_EXECUTION_CANCELLED;
        };
        if (state == ExecutionStatus.FAILED) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("payload", error == null ? "" : error.getString("payload", ""));
            err.put("context", error == null ? "" : error.getString("context", ""));
            data.put("error", err);
        }
        List<OutboxEvent> events = new ArrayList<>();
        events.add(event(e, type, state.name().toLowerCase(java.util.Locale.ROOT), data, at));
        String paymentId = paymentId(e.argument());
        if (paymentId != null) {
            Map<String, Object> saga = new LinkedHashMap<>();
            saga.put("executionId", e.id().toString());
            saga.put("workflow", e.workflowId());
            saga.put("paymentId", paymentId);
            saga.put("outcome", state.name());
            Instant from = started == null ? e.createTime() : started;
            saga.put("startedAt", from.toString());
            saga.put("finishedAt", at.toString());
            saga.put("durationMillis", Math.max(0, Duration.between(from, at).toMillis()));
            events.add(event(e, EventTypes.SAGA_FINISHED, "saga-finished", saga, at));
        }
        return append(tx, events);
    }

    private Future<Void> append(SqlConnection tx, List<OutboxEvent> events) {
        var mutinyTx = io.vertx.mutiny.sqlclient.SqlConnection.newInstance(tx);
        Future<Void> chain = Future.succeededFuture();
        for (OutboxEvent ev : events) {
            chain = chain.compose(v -> Future.fromCompletionStage(
                    outbox.append(mutinyTx, ev).subscribeAsCompletionStage()).mapEmpty());
        }
        return chain;
    }

    private static Map<String, Object> base(ExecutionRow e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("executionId", e.id().toString());
        data.put("execution", e.name());
        data.put("workflow", e.workflowId());
        data.put("revisionId", e.revisionId());
        String paymentId = paymentId(e.argument());
        if (paymentId != null) {
            data.put("paymentId", paymentId);
        }
        return data;
    }

    private static OutboxEvent event(ExecutionRow e, String type, String suffix, Map<String, Object> data,
            Instant at) {
        return new OutboxEvent(e.id() + ":" + suffix, type, e.id().toString(), e.id().toString(),
                OffsetDateTime.ofInstant(at, ZoneOffset.UTC), data, null);
    }

    /** The argument's top-level {@code paymentId} string, or null. */
    static String paymentId(String argument) {
        if (argument == null || !argument.contains("paymentId")) {
            return null;
        }
        try {
            JsonNode node = READER.readTree(argument);
            JsonNode id = node == null ? null : node.get("paymentId");
            return id != null && id.isTextual() ? id.textValue() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
