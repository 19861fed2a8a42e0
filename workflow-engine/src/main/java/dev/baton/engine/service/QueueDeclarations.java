package dev.baton.engine.service;

import dev.baton.engine.client.TaskQueueClient;
import dev.baton.engine.config.EngineConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Declares the queues the engine's workflows use ({@code baton.engine.tasks.queues.*}) on the task queue at start:
 * PATCH creates a missing queue and updates an existing one's retry configuration. The task queue may start after
 * the engine, so each declaration is retried every 2 s until it lands (tasks.call retries CreateTask meanwhile).
 */
@ApplicationScoped
public class QueueDeclarations {

    private static final Logger LOG = Logger.getLogger(QueueDeclarations.class);

    private final TaskQueueClient client;
    private final EngineConfig config;
    private final Vertx vertx;
    private volatile boolean stopped;

    public QueueDeclarations(TaskQueueClient client, EngineConfig config, Vertx vertx) {
        this.client = client;
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        if (client.url().isEmpty()) {
            LOG.info("No task queue configured (BATON_TASK_QUEUE_URL): tasks.call and tasks.create are unavailable");
            return;
        }
        for (Map.Entry<String, EngineConfig.QueueSpec> q : config.tasks().queues().entrySet()) {
            declare(client.queueName(q.getKey()), q.getValue(), 1);
        }
    }

    void onStop(@Observes io.quarkus.runtime.ShutdownEvent event) {
        stopped = true;
    }

    private void declare(String name, EngineConfig.QueueSpec spec, int attempt) {
        if (stopped) {
            return;
        }
        client.patchQueue(name, spec).onComplete(ar -> {
            if (ar.succeeded() && ar.result().status() / 100 == 2) {
                LOG.infof("Queue %s declared (maxAttempts %d, backoff %s..%s)", name, spec.maxAttempts(),
                        spec.minBackoff(), spec.maxBackoff());
                return;
            }
            String why = ar.failed() ? ar.cause().getMessage() : ar.result().status() + " " + ar.result().body();
            if (attempt == 1 || attempt % 30 == 0) {
                LOG.warnf("Declaring queue %s failed (%s); retrying every 2 s", name, why);
            }
            vertx.setTimer(2000, t -> declare(name, spec, attempt + 1));
        });
    }
}
