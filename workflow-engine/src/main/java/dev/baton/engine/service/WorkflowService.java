package dev.baton.engine.service;

import dev.baton.engine.ApiException;
import dev.baton.engine.definition.DefinitionException;
import dev.baton.engine.definition.Diagnostic;
import dev.baton.engine.execution.Clock;
import dev.baton.engine.execution.Definitions;
import dev.baton.engine.repository.WorkflowQueries;
import dev.baton.engine.repository.WorkflowRow;
import dev.baton.engine.rest.ApiJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Workflows: create, get, list, patch (a new revision when the source or env vars change), delete. Every write
 * validates the source first (all problems, as {@code file:line:col} diagnostics) and writes the workflow row, its
 * revision and the long-running operation in one transaction, so a refused request leaves nothing behind.
 */
@ApplicationScoped
public class WorkflowService {

    private static final Pattern ID = Pattern.compile("[a-z](?:[a-z0-9_-]{0,62}[a-z0-9])?", Pattern.CASE_INSENSITIVE);
    private static final Set<String> MUTABLE = Set.of("description", "labels", "sourceContents", "userEnvVars");

    private final Pool pool;
    private final Clock clock;

    public WorkflowService(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** CreateWorkflow: the completed operation. */
    public Future<JsonObject> create(String project, String location, String workflowId, JsonObject body,
            String origin) {
        if (workflowId == null || !ID.matcher(workflowId).matches()) {
            return Future.failedFuture(ApiException.invalid("workflowId must be 1-64 letters, digits, - or _,"
                    + " starting with a letter: " + workflowId));
        }
        String source = body.getString("sourceContents");
        Future<Void> valid = validate(workflowId, source);
        if (valid.failed()) {
            return valid.map(v -> null);
        }
        Instant now = clock.now();
        String revision = revisionId(1, source, env(body));
        return pool.withTransaction(tx -> WorkflowQueries.insert(tx, workflowId, project, location, revision,
                body.getString("description", ""), labels(body), env(body), source, origin, now).compose(w -> {
                    if (w == null) {
                        return Future.failedFuture(new ApiException(ApiException.Code.ALREADY_EXISTS,
                                "Resource 'projects/" + project + "/locations/" + location + "/workflows/"
                                        + workflowId + "' already exists"));
                    }
                    return WorkflowQueries.insertRevision(tx, workflowId, revision, source, env(body), now)
                            .compose(v -> operation(tx, w, "create", ApiJson.workflow(w), now));
                }));
    }

    public Future<WorkflowRow> get(String workflowId) {
        return WorkflowQueries.get(pool, workflowId).map(w -> {
            if (w == null) {
                throw ApiException.notFound("workflows/" + workflowId);
            }
            return w;
        });
    }

    public Future<List<WorkflowRow>> list(String after, int limit) {
        return WorkflowQueries.list(pool, after, limit);
    }

    /** UpdateWorkflow: only the fields in {@code updateMask} (all given fields when absent). */
    public Future<JsonObject> patch(String workflowId, JsonObject body, String updateMask, String origin) {
        Set<String> fields = updateMask == null || updateMask.isBlank() ? body.fieldNames()
                : Set.of(updateMask.replace("source_contents", "sourceContents")
                        .replace("user_env_vars", "userEnvVars").split(","));
        for (String f : fields) {
            if (!MUTABLE.contains(f.strip()) && !f.equals("name")) {
                return Future.failedFuture(ApiException.invalid("field " + f + " cannot be updated"));
            }
        }
        if (fields.contains("sourceContents")) {
            Future<Void> valid = validate(workflowId, body.getString("sourceContents"));
            if (valid.failed()) {
                return valid.map(v -> null);
            }
        }
        Instant now = clock.now();
        return pool.withTransaction(tx -> WorkflowQueries.getForUpdate(tx, workflowId).compose(old -> {
            if (old == null) {
                return Future.failedFuture(ApiException.notFound("workflows/" + workflowId));
            }
            String source = fields.contains("sourceContents") ? body.getString("sourceContents")
                    : old.sourceContents();
            JsonObject env = fields.contains("userEnvVars") ? env(body) : old.userEnvVars();
            String description = fields.contains("description") ? body.getString("description", "")
                    : old.description();
            JsonObject labels = fields.contains("labels") ? labels(body) : old.labels();
            boolean changed = !source.equals(old.sourceContents()) || !Objects.equals(env, old.userEnvVars());
            String revision = changed ? revisionId(old.revisionSeq() + 1, source, env) : old.revisionId();
            return WorkflowQueries.update(tx, workflowId, description, labels, env, changed, revision, source, now,
                    origin).compose(w -> (changed ? WorkflowQueries.insertRevision(tx, workflowId, revision, source,
                            env, now) : Future.<Void>succeededFuture())
                            .compose(v -> operation(tx, w, "update", ApiJson.workflow(w), now)));
        }));
    }

    /** DeleteWorkflow; running executions finish on their revision. */
    public Future<JsonObject> delete(String workflowId) {
        Instant now = clock.now();
        return pool.withTransaction(tx -> WorkflowQueries.delete(tx, workflowId).compose(w -> {
            if (w == null) {
                return Future.failedFuture(ApiException.notFound("workflows/" + workflowId));
            }
            return operation(tx, w, "delete", new JsonObject(), now).map(op -> {
                op.getJsonObject("response").put("@type", "type.googleapis.com/google.protobuf.Empty");
                return op;
            });
        }));
    }

    public Future<JsonObject> operation(String name) {
        return WorkflowQueries.getOperation(pool, name).map(op -> {
            if (op == null) {
                throw ApiException.notFound(name);
            }
            return op;
        });
    }

    /** Parses and validates a source; a failed future with INVALID_ARGUMENT and every diagnostic when broken. */
    public static Future<Void> validate(String workflowId, String source) {
        if (source == null || source.isBlank()) {
            return Future.failedFuture(ApiException.invalid("sourceContents is required"));
        }
        try {
            Definitions.parse(workflowId + ".yaml", source);
            return Future.succeededFuture();
        } catch (DefinitionException e) {
            return Future.failedFuture(definitionError(e));
        }
    }

    /** INVALID_ARGUMENT with the rendered diagnostics as message and one BadRequest field violation each. */
    public static ApiException definitionError(DefinitionException e) {
        JsonArray violations = new JsonArray();
        for (Diagnostic d : e.diagnostics()) {
            violations.add(new JsonObject().put("field", "sourceContents").put("description",
                    d.file() + ":" + d.location().line() + ":" + d.location().column() + ": " + d.message()));
        }
        JsonArray details = new JsonArray().add(new JsonObject()
                .put("@type", "type.googleapis.com/google.rpc.BadRequest").put("fieldViolations", violations));
        return new ApiException(ApiException.Code.INVALID_ARGUMENT,
                "Invalid workflow definition:\n" + e.rendered(), details);
    }

    private Future<JsonObject> operation(io.vertx.sqlclient.SqlConnection tx, WorkflowRow w, String verb,
            JsonObject response, Instant now) {
        String name = "projects/" + w.project() + "/locations/" + w.location() + "/operations/operation-"
                + UUID.randomUUID();
        JsonObject op = new JsonObject().put("name", name).put("done", true)
                .put("metadata", new JsonObject()
                        .put("@type", "type.googleapis.com/google.cloud.workflows.v1.OperationMetadata")
                        .put("createTime", now.toString()).put("endTime", now.toString()).put("target", w.name())
                        .put("verb", verb).put("apiVersion", "v1"))
                .put("response", response.copy().put("@type", "type.googleapis.com/google.cloud.workflows.v1.Workflow"));
        return WorkflowQueries.insertOperation(tx, name, op, now).map(v -> op);
    }

    private static JsonObject env(JsonObject body) {
        JsonObject env = body.getJsonObject("userEnvVars");
        return env == null ? new JsonObject() : env;
    }

    private static JsonObject labels(JsonObject body) {
        JsonObject labels = body.getJsonObject("labels");
        return labels == null ? new JsonObject() : labels;
    }

    /** Google-style revision id: a zero-padded sequence and a short hash of what the revision runs. */
    static String revisionId(int seq, String source, JsonObject env) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((source + "\u0000" + env.encode())
                    .getBytes(StandardCharsets.UTF_8));
            return String.format("%06d-%s", seq, HexFormat.of().formatHex(d, 0, 2).substring(0, 3));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
