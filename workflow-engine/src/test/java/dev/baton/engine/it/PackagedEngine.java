package dev.baton.engine.it;

import dev.baton.platform.testing.PackagedApp;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts the packaged engine: {@link PackagedApp} with the environment an engine needs. */
public final class PackagedEngine {

    private PackagedEngine() {
    }

    /** Starts the jar on a free port against {@code database}, deploying {@code workflowsDir}, and waits for ready. */
    public static PackagedApp start(String database, Path workflowsDir, String logName, Map<String, String> env,
            List<String> systemProperties) throws Exception {
        int port = PackagedApp.freePort();
        Map<String, String> all = new HashMap<>();
        all.put("BATON_WORKFLOWS_DIR", workflowsDir.toString());
        // Callback URLs and task-queue reports point back at this instance.
        all.put("BATON_WORKFLOW_ENGINE_URL", "http://127.0.0.1:" + port);
        all.putAll(env);
        return PackagedApp.start(port, database, logName, all, systemProperties);
    }
}
