package dev.baton.engine.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration of the durable engine, under {@code baton.engine}. Every key has a default; the README lists the
 * ones an operator usually sets.
 */
@ConfigMapping(prefix = "baton.engine")
public interface EngineConfig {

    /**
     * Directory of definition files ({@code *.workflows.yaml|yml|json}, id = file name before the first dot) deployed
     * at start: created, or given a new revision when the source changed. A file that does not parse or validate
     * stops the start with its {@code file:line:col} diagnostics. Default {@code deploy/workflows} relative to the
     * working directory (env {@code BATON_WORKFLOWS_DIR}); a missing directory is logged and skipped.
     */
    @WithDefault("deploy/workflows")
    String workflowsDir();

    /** Project the directory's workflows are created under (any project in a request path reaches them). */
    @WithDefault("baton")
    String project();

    /** Location the directory's workflows are created under. Default {@code local}. */
    @WithDefault("local")
    String location();

    /**
     * The URL other services reach this engine at; callback URLs and completion-report URLs are built on it.
     * Default {@code http://127.0.0.1:8082} (env {@code BATON_WORKFLOW_ENGINE_URL}).
     */
    @WithDefault("http://127.0.0.1:8082")
    String publicUrl();

    /** Largest execution argument in bytes (its JSON text). Default 32768 (Google's limit). */
    @WithDefault("32768")
    int maxArgumentBytes();

    /**
     * ACTIVE executions per workflow beyond which new executions are created QUEUED (and started in creation order
     * as others finish). Default 10000.
     */
    @WithDefault("10000")
    int maxActivePerWorkflow();

    /** The runner. */
    Runner runner();

    /** Outbound http.* calls. */
    Http http();

    /** tasks.call / tasks.create through the task queue. */
    Tasks tasks();

    /** Authentication of callback requests. */
    Callbacks callbacks();

    /** The execution history ({@code stepEntries}). */
    StepEntries stepEntries();

    /** How much execution history is kept. */
    interface StepEntries {
        /**
         * Step entries kept per execution: the newest this many; older finished ones are deleted by the checkpoints
         * (entries of open steps stay until they end). One run also keeps at most this many finished entries in
         * memory, so a checkpoint writes at most this many plus the open ones whatever the workflow loops through.
         * Entry ids keep counting: the list's {@code totalSize} is every step the execution ran. Default 1000.
         */
        @WithDefault("1000")
        int maxPerExecution();
    }

    /** Runner settings. */
    interface Runner {
        /** Run executions in this process. Default true; false makes an API-only instance. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Executions this process holds at once (running, or with an HTTP call or task creation in flight).
         * Default 512.
         */
        @WithDefault("512")
        int maxHeld();

        /** Most executions claimed, run and checkpointed together in one transaction. Default 128. */
        @WithDefault("128")
        int batchSize();

        /**
         * Checkpoint transactions this process runs at once (each for up to batch-size executions). Default 8; keep
         * it below the reactive pool size ({@code quarkus.datasource.reactive.max-size}).
         */
        @WithDefault("8")
        int maxBatches();

        /**
         * Lease of a claimed execution, renewed every third of it while held. When an engine dies, another may
         * claim its executions once their leases end. Default {@code 30s}.
         */
        @WithDefault("30s")
        Duration lease();

        /**
         * Fallback poll for due work when no LISTEN/NOTIFY wake-up arrives (timers, expired leases, lost
         * notifications), plus up to 20% random jitter. Default {@code 1s}.
         */
        @WithDefault("1s")
        Duration pollInterval();

        /** On shutdown, how long to wait for held executions to reach a checkpoint. Default {@code 6s}. */
        @WithDefault("6s")
        Duration drainTimeout();
    }

    /** HTTP client settings. */
    interface Http {
        /** Connect timeout of http.* calls. Default {@code 5s}. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Largest response body read; larger answers fail the call with a ResourceLimitError. Default 2 MiB. */
        @WithDefault("2097152")
        int maxResponseBytes();

        /** Connections per host and port. Default 64. */
        @WithDefault("64")
        int maxConnectionsPerHost();
    }

    /** The task queue. */
    interface Tasks {
        /**
         * Base URL of the Cloud Tasks-compatible task queue (env {@code BATON_TASK_QUEUE_URL}). Absent: tasks.call
         * and tasks.create raise an OperationError and no queues are declared.
         */
        Optional<String> url();

        /** Project of the queues' names. Default {@code baton}. */
        @WithDefault("baton")
        String project();

        /** Location of the queues' names. Default {@code local}. */
        @WithDefault("local")
        String location();

        /** Queue used when a call names none. Default {@code saga-commands}. */
        @WithDefault("saga-commands")
        String defaultQueue();

        /** Timeout of a CreateTask/PatchQueue request to the task queue. Default {@code 10s}. */
        @WithDefault("10s")
        Duration requestTimeout();

        /**
         * Queues declared at start (created or patched through the API) with their retry configuration:
         * {@code baton.engine.tasks.queues.<id>.max-attempts} and so on.
         */
        Map<String, QueueSpec> queues();

        /**
         * Issuer expected in completion-report tokens ({@code iss}); default the task queue URL. The keys come from
         * {@code <task queue url>/.well-known/jwks.json}.
         */
        Optional<String> issuer();

        /**
         * Verify the JWT on completion reports. Default true; turn off only in tests that use a stand-in queue.
         */
        @WithDefault("true")
        boolean verifyReports();
    }

    /** Retry configuration of one declared queue. */
    interface QueueSpec {
        /** Attempts per task, -1 unlimited. */
        int maxAttempts();

        /** Backoff after the first failed attempt. */
        Duration minBackoff();

        /** Longest backoff. */
        Duration maxBackoff();

        /** Concurrent dispatches. Default 100. */
        @WithDefault("100")
        int maxConcurrentDispatches();

        /** Dispatches per second. Default 500. */
        @WithDefault("500")
        double maxDispatchesPerSecond();
    }

    /** Who may call callback URLs. */
    interface Callbacks {
        /**
         * A static bearer token accepted on callback requests, for local use (env {@code BATON_CALLBACK_TOKEN}).
         * Absent: only task-queue JWTs are accepted.
         */
        Optional<String> staticToken();

        /**
         * Accept callbacks without any token. Default false; for tests and local experiments only.
         */
        @WithDefault("false")
        boolean allowAnonymous();
    }
}
