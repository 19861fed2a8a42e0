package dev.baton.engine.repository;

import static dev.baton.engine.repository.Sql.ts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every statement on {@code workflow}, {@code workflow_revision} and {@code operation}, named
 * {@code <Table><Verb>}. Revisions are written in the same transaction as the workflow row that points at them.
 */
public final class WorkflowQueries {

    static final String COLUMNS = """
            workflow_id, project, location, revision_id, revision_seq, description, labels, user_env_vars,
            source_contents, origin, create_time, update_time, revision_create_time""";

    static final String WorkflowInsert = "INSERT INTO workflow (" + COLUMNS + " " + """
            ) VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $10::timestamptz, $10::timestamptz, $10::timestamptz)
            ON CONFLICT (workflow_id) DO NOTHING RETURNING\s""" + COLUMNS;

    static final String WorkflowGet = "SELECT " + COLUMNS + " FROM workflow WHERE workflow_id = $1";

    static final String WorkflowGetForUpdate = WorkflowGet + " FOR UPDATE";

    static final String WorkflowList = "SELECT " + COLUMNS
            + " FROM workflow WHERE workflow_id > $1 ORDER BY workflow_id LIMIT $2";

    /** PATCH: a new revision when the source or env vars changed ($5 true), metadata always. */
    static final String WorkflowUpdate = """
            UPDATE workflow SET description = $2, labels = $3, user_env_vars = $4,
                revision_seq = CASE WHEN $5::boolean THEN revision_seq + 1 ELSE revision_seq END,
                revision_id = CASE WHEN $5::boolean THEN $6::text ELSE revision_id END,
                revision_create_time = CASE WHEN $5::boolean THEN $8::timestamptz ELSE revision_create_time END,
                source_contents = $7, update_time = $8::timestamptz, origin = $9
            WHERE workflow_id = $1 RETURNING\s""" + COLUMNS;

    static final String WorkflowDelete = "DELETE FROM workflow WHERE workflow_id = $1 RETURNING " + COLUMNS;

    static final String WorkflowRevisionInsert = """
            INSERT INTO workflow_revision (workflow_id, revision_id, source_contents, user_env_vars, create_time)
            VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING""";

    static final String WorkflowRevisionGet = """
            SELECT source_contents, user_env_vars FROM workflow_revision WHERE workflow_id = $1 AND revision_id = $2""";

    static final String OperationInsert = "INSERT INTO operation (name, body, create_time) VALUES ($1, $2, $3)";

    static final String OperationGet = "SELECT body FROM operation WHERE name = $1";

    private WorkflowQueries() {
    }

    /** A source revision: the definition text and the env vars it runs with. */
    public record Revision(String sourceContents, JsonObject userEnvVars) {
    }

    public static Future<WorkflowRow> insert(SqlClient c, String id, String project, String location,
            String revisionId, String description, JsonObject labels, JsonObject env, String source, String origin,
            Instant now) {
        return c.preparedQuery(WorkflowInsert).execute(Tuple.from(new Object[] {id, project, location, revisionId,
                description, labels, env, source, origin, ts(now)})).map(WorkflowQueries::first);
    }

    public static Future<WorkflowRow> get(SqlClient c, String id) {
        return c.preparedQuery(WorkflowGet).execute(Tuple.of(id)).map(WorkflowQueries::first);
    }

    public static Future<WorkflowRow> getForUpdate(SqlClient c, String id) {
        return c.preparedQuery(WorkflowGetForUpdate).execute(Tuple.of(id)).map(WorkflowQueries::first);
    }

    public static Future<List<WorkflowRow>> list(SqlClient c, String after, int limit) {
        return c.preparedQuery(WorkflowList).execute(Tuple.of(after, limit)).map(rows -> {
            List<WorkflowRow> out = new ArrayList<>();
            rows.forEach(r -> out.add(WorkflowRow.of(r)));
            return out;
        });
    }

    public static Future<WorkflowRow> update(SqlClient c, String id, String description, JsonObject labels,
            JsonObject env, boolean newRevision, String revisionId, String source, Instant now, String origin) {
        return c.preparedQuery(WorkflowUpdate).execute(Tuple.from(new Object[] {id, description, labels, env,
                newRevision, revisionId, source, ts(now), origin})).map(WorkflowQueries::first);
    }

    public static Future<WorkflowRow> delete(SqlClient c, String id) {
        return c.preparedQuery(WorkflowDelete).execute(Tuple.of(id)).map(WorkflowQueries::first);
    }

    public static Future<Void> insertRevision(SqlClient c, String id, String revisionId, String source,
            JsonObject env, Instant now) {
        return c.preparedQuery(WorkflowRevisionInsert).execute(Tuple.of(id, revisionId, source, env, ts(now)))
                .mapEmpty();
    }

    public static Future<Revision> getRevision(SqlClient c, String id, String revisionId) {
        return c.preparedQuery(WorkflowRevisionGet).execute(Tuple.of(id, revisionId)).map(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            Row r = it.next();
            return new Revision(r.getString("source_contents"), (JsonObject) r.getValue("user_env_vars"));
        });
    }

    public static Future<Void> insertOperation(SqlClient c, String name, JsonObject body, Instant now) {
        return c.preparedQuery(OperationInsert).execute(Tuple.of(name, body, ts(now))).mapEmpty();
    }

    public static Future<JsonObject> getOperation(SqlClient c, String name) {
        return c.preparedQuery(OperationGet).execute(Tuple.of(name)).map(rows -> {
            var it = rows.iterator();
            return it.hasNext() ? (JsonObject) it.next().getValue("body") : null;
        });
    }

    private static WorkflowRow first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? WorkflowRow.of(it.next()) : null;
    }
}
