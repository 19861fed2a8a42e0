package dev.baton.engine.execution;

import dev.baton.engine.definition.DefinitionParser;
import dev.baton.engine.definition.Workflow;
import dev.baton.engine.repository.WorkflowQueries;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Parsed definitions by workflow id and revision, loaded from {@code workflow_revision} on first use. A revision
 * never changes, so entries are never invalidated; the cache is bounded (least recently used out).
 */
@ApplicationScoped
public class Definitions {

    /** Functions the engine adds as call-step connectors. */
    public static final Set<String> CONNECTORS = Set.of("tasks.call", "tasks.create");

    private static final int CAPACITY = 256;

    /** A runnable revision: the parsed workflow and the env vars it was deployed with. */
    public record Loaded(Workflow workflow, Map<String, String> userEnvVars) {
    }

    private final Pool pool;
    private final Map<String, Loaded> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Loaded> eldest) {
            return size() > CAPACITY;
        }
    };

    public Definitions(Pool pool) {
        this.pool = pool;
    }

    /** Parses a source as the engine runs it (with its connectors); throws DefinitionException with diagnostics. */
    public static Workflow parse(String fileName, String source) {
        return DefinitionParser.parse(fileName, source, CONNECTORS);
    }

    /** The cached revision, or null when not loaded yet. */
    public synchronized Loaded cached(String workflowId, String revisionId) {
        return cache.get(workflowId + "@" + revisionId);
    }

    /** Loads (and caches) a revision; null when it does not exist. */
    public Future<Loaded> load(String workflowId, String revisionId) {
        Loaded hit = cached(workflowId, revisionId);
        if (hit != null) {
            return Future.succeededFuture(hit);
        }
        return WorkflowQueries.getRevision(pool, workflowId, revisionId).map(rev -> {
            if (rev == null) {
                return null;
            }
            Loaded loaded = new Loaded(parse(workflowId + ".yaml", rev.sourceContents()), env(rev.userEnvVars()));
            synchronized (this) {
                cache.put(workflowId + "@" + revisionId, loaded);
            }
            return loaded;
        });
    }

    private static Map<String, String> env(JsonObject vars) {
        Map<String, String> out = new LinkedHashMap<>();
        if (vars != null) {
            vars.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
        }
        return Map.copyOf(out);
    }
}
