package dev.baton.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One deployable of Baton as the launcher sees it: where its module lives, its local port and its database.
 * The table mirrors shared/ARCHITECTURE.md and the root README; each deployable's application.properties holds
 * the same port and database name as its defaults.
 *
 * @param name     short name, also the Quarkus application name
 * @param module   module folder relative to the repository root
 * @param port     local HTTP port (before any port offset)
 * @param database its own PostgreSQL database (before any suffix)
 */
public record Deployable(String name, String module, int port, String database) {

    /** Every deployable, in the order the table prints them. */
    public static final List<Deployable> ALL = List.of(
            new Deployable("checkout", "services/checkout", 8080, "checkout"),
            new Deployable("task-queue", "task-queue", 8081, "taskqueue"),
            new Deployable("workflow-engine", "workflow-engine", 8082, "workflows"),
            new Deployable("fraud", "services/fraud", 8083, "fraud"),
            new Deployable("payment-gateway", "services/payment-gateway", 8084, "gateway"),
            new Deployable("order", "services/order", 8085, "orders"),
            new Deployable("ledger", "services/ledger", 8086, "ledger"),
            new Deployable("email", "services/email", 8087, "email"),
            new Deployable("analytics", "services/analytics", 8088, "analytics"),
            new Deployable("loyalty", "services/loyalty", 8089, "loyalty"));

    /** The packaged application (Quarkus fast-jar) that {@code ./mvnw package} leaves in the module. */
    public Path jar(Path root) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /**
     * The environment variable through which the other deployables learn this one's base URL, for example
     * {@code BATON_TASK_QUEUE_URL}.
     */
    public String urlVariable() {
        return "BATON_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
    }

    /**
     * Whether the saga commands this deployable through the task queue (checkout's {@code :complete}, fraud, gateway,
     * order, ledger), so it checks the queue's OIDC token on those commands.
     */
    public boolean takesSagaCommands() {
        return Set.of("checkout", "fraud", "payment-gateway", "order", "ledger").contains(name);
    }

    /** Looks a deployable up by its short name. */
    public static Optional<Deployable> named(String name) {
        return ALL.stream().filter(d -> d.name.equals(name)).findFirst();
    }
}
