package dev.baton.engine.service;

import dev.baton.engine.config.EngineConfig;
import dev.baton.engine.definition.DefinitionException;
import dev.baton.engine.execution.Definitions;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Deploys the definitions directory ({@code baton.engine.workflows-dir}) at start, before the runner starts: each
 * {@code <id>.workflows.yaml|yml|json} is created, or patched to a new revision when its source changed. Every file
 * is validated first; if any is broken the start fails with all their {@code file:line:col} diagnostics, and
 * nothing is deployed.
 */
@ApplicationScoped
public class DefinitionsDirectory {

    private static final Logger LOG = Logger.getLogger(DefinitionsDirectory.class);

    private final EngineConfig config;
    private final WorkflowService workflows;

    public DefinitionsDirectory(EngineConfig config, WorkflowService workflows) {
        this.config = config;
        this.workflows = workflows;
    }

    void onStart(@Observes @Priority(15) StartupEvent event) throws Exception {
        deploy(Path.of(config.workflowsDir()));
    }

    /** Deploys every definition file of {@code dir}; returns the ids deployed or updated. */
    public List<String> deploy(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            LOG.infof("No definitions directory at %s (baton.engine.workflows-dir / BATON_WORKFLOWS_DIR); nothing"
                    + " deployed at start", dir.toAbsolutePath());
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches(".+\\.workflows\\.(yaml|yml|json)"))
                    .sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        List<String[]> sources = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String id = name.substring(0, name.indexOf('.'));
            String source = Files.readString(f, StandardCharsets.UTF_8);
            try {
                Definitions.parse(f.toString(), source);
                sources.add(new String[] {id, source});
            } catch (DefinitionException e) {
                problems.add(e.rendered());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Broken workflow definitions in " + dir.toAbsolutePath() + ":\n"
                    + String.join("\n", problems));
        }
        List<String> changed = new ArrayList<>();
        for (String[] s : sources) {
            if (deployOne(s[0], s[1])) {
                changed.add(s[0]);
            }
        }
        LOG.infof("Definitions directory %s: %d file(s), created or updated %s", dir.toAbsolutePath(),
                sources.size(), changed);
        return changed;
    }

    private boolean deployOne(String id, String source) throws Exception {
        var found = get(id);
        if (found == null) {
            await(workflows.create(config.project(), config.location(), id,
                    new JsonObject().put("sourceContents", source).put("description", "deployed from " + id), "DIRECTORY"));
            return true;
        }
        if (found.sourceContents().equals(source)) {
            return false;
        }
        await(workflows.patch(id, new JsonObject().put("sourceContents", source), "sourceContents", "DIRECTORY"));
        return true;
    }

    private dev.baton.engine.repository.WorkflowRow get(String id) throws Exception {
        try {
            return await(workflows.get(id));
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof dev.baton.engine.ApiException) {
                return null;
            }
            throw e;
        }
    }

    private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
