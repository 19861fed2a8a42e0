package dev.baton.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Starts Baton's deployables as local processes and waits until every one reports ready. Used by the
 * {@code deploy/local/run} command and by the system tests, so the command users run is the one the tests run.
 *
 * <p>Order of work: check PostgreSQL, RabbitMQ and the ports; stop processes a killed earlier run left behind;
 * build any packaged application that is missing; start everything at once; wait for
 * {@code /q/health/ready} from each. If anything fails on the way, whatever was started is stopped again.
 */
public final class LocalSystem {

    private static final Duration POLL = Duration.ofMillis(200);

    private LocalSystem() {
    }

    /** Starts the system; the caller owns the returned handle and must close it. */
    public static RunningSystem start(LaunchOptions o, PrintStream out) throws LaunchException {
        Preflight.check(o);
        try {
            Files.createDirectories(o.runDir().resolve("logs"));
        } catch (IOException e) {
            throw new LaunchException("Cannot create " + o.runDir() + ": " + e.getMessage());
        }
        PidFile pids = new PidFile(o.runDir().resolve("pids"));
        int leftovers = pids.stopLeftovers();
        if (leftovers > 0) {
            out.printf("Stopped %d process(es) left over from an earlier run.%n", leftovers);
        }
        buildMissing(o, out);

        MailSink mail = null;
        String smtp = o.smtp();
        if (smtp == null) {
            try {
                mail = MailSink.start(o.runDir().resolve("mail"));
            } catch (IOException e) {
                throw new LaunchException("Cannot start the local mail sink: " + e.getMessage());
            }
            smtp = "127.0.0.1:" + mail.port();
        }
        List<RunningSystem.Running> started = new ArrayList<>();
        var system = new RunningSystem(o, started, pids, mail);
        try {
            for (Deployable d : o.deployables()) {
                started.add(launch(o, d, smtp));
            }
            pids.write(started);
            awaitReady(o, started);
            return system;
        } catch (LaunchException | RuntimeException e) {
            system.close();
            throw e;
        }
    }

    private static RunningSystem.Running launch(LaunchOptions o, Deployable d, String smtp) throws LaunchException {
        Path log = o.runDir().resolve("logs").resolve(d.name() + ".log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(o.jvmOptions());
        command.add("-jar");
        command.add(d.jar(o.root()).toString());
        var pb = new ProcessBuilder(command)
                .directory(o.root().resolve(d.module()).toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(environmentFor(o, d, smtp));
        try {
            return new RunningSystem.Running(d, pb.start(), o.urlOf(d), log);
        } catch (IOException e) {
            throw new LaunchException("Could not start %s: %s".formatted(d.name(), e.getMessage()));
        }
    }

    /** The API key checkout accepts in a local run; the sample payment and the system tests use it. */
    public static final String LOCAL_API_KEY = "baton-local-key";

    /** The service account the engine's command tasks name in their OIDC tokens. */
    static final String ENGINE_SERVICE_ACCOUNT = "workflow-engine@baton.local";

    /**
     * What a deployable learns from the launcher: its port, its database, the servers, where the others are, where
     * mail goes ({@code smtp} as host:port), the workflow definitions, and the options' extra environment.
     */
    static Map<String, String> environmentFor(LaunchOptions o, Deployable d, String smtp) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", Integer.toString(o.portOf(d)));
        env.put("BATON_DB_HOST", o.dbHost());
        env.put("BATON_DB_PORT", Integer.toString(o.dbPort()));
        env.put("BATON_DB_NAME", d.database() + o.dbSuffix());
        if (o.freshDatabases()) {
            env.put("BATON_DB_CLEAN_AT_START", "true");
            // The subscribers' queues outlive the databases: what a previous run left there would be applied again.
            env.put("BATON_EVENTS_SUBSCRIBER_PURGE_AT_START", "true");
        }
        env.put("RABBITMQ_HOST", o.rabbitHost());
        env.put("RABBITMQ_PORT", Integer.toString(o.rabbitPort()));
        if (!o.dbSuffix().isEmpty()) {
            // A second system on the same broker (a system test beside a developer's run) gets its own exchange
            // and queues, as it gets its own databases, so neither consumes the other's events.
            env.put("BATON_EVENTS_EXCHANGE", "baton.events" + o.dbSuffix());
            env.put("BATON_EVENTS_SUBSCRIBER_QUEUE", d.name() + o.dbSuffix());
        }
        for (Deployable other : Deployable.ALL) {
            env.put(other.urlVariable(), o.urlOf(other));
        }
        int colon = smtp.lastIndexOf(':');
        env.put("SMTP_HOST", smtp.substring(0, colon));
        env.put("SMTP_PORT", smtp.substring(colon + 1));
        env.put("BATON_WORKFLOWS_DIR", o.root().resolve("deploy/workflows").toString());
        env.put("BATON_CHECKOUT_API_KEYS", LOCAL_API_KEY);
        env.put("BATON_FAULTS_ENABLED", Boolean.toString(o.faults()));
        // Saga commands go engine -> task queue -> service: the engine asks the queue to sign each with an OIDC token
        // for the service's URL, and the services refuse commands without one (dev.baton.platform.security).
        if (d.name().equals("workflow-engine")) {
            env.put("BATON_ENGINE_TASKS_OIDC_SERVICE_ACCOUNT", ENGINE_SERVICE_ACCOUNT);
        }
        if (d.takesSagaCommands()) {
            env.put("BATON_COMMAND_AUTH_ENABLED", "true");
            env.put("BATON_COMMAND_AUTH_AUDIENCE", o.urlOf(d));
        }
        // Ten deployables share one PostgreSQL whose default max_connections is 100: each pool is capped so all of
        // them at full stretch (plus LISTEN, Flyway and relay connections) stay well below it. The task queue and
        // the engine carry every saga step, so they get more.
        boolean hot = d.name().equals("task-queue") || d.name().equals("workflow-engine");
        env.put("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE", hot ? "10" : "5");
        env.putAll(o.extraEnv());
        return env;
    }

    private static void buildMissing(LaunchOptions o, PrintStream out) throws LaunchException {
        List<Deployable> missing = o.deployables().stream().filter(d -> !Files.exists(d.jar(o.root()))).toList();
        if (missing.isEmpty()) {
            return;
        }
        String names = missing.stream().map(Deployable::name).collect(Collectors.joining(", "));
        if (!o.build()) {
            throw new LaunchException("Not built yet: " + names + ". Run ./mvnw -B package -DskipTests, or drop --no-build.");
        }
        Path log = o.runDir().resolve("logs").resolve("build.log");
        out.printf("Building %s (first run only; log: %s) ...%n", names, o.root().relativize(log));
        var pb = new ProcessBuilder(o.root().resolve("mvnw").toString(), "-B", "-ntp", "-q", "package",
                "-DskipTests", "-pl", missing.stream().map(Deployable::module).collect(Collectors.joining(",")), "-am")
                .directory(o.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        try {
            int code = pb.start().waitFor();
            if (code != 0) {
                throw new LaunchException("Building %s failed (exit %d). Last lines of %s:%n%s".formatted(names, code,
                        log, tail(log, 30)));
            }
        } catch (IOException e) {
            throw new LaunchException("Could not run the Maven Wrapper: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("Interrupted while building " + names);
        }
    }

    private static void awaitReady(LaunchOptions o, List<RunningSystem.Running> started) throws LaunchException {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + o.readyTimeout().toNanos();
        List<RunningSystem.Running> waiting = new ArrayList<>(started);
        while (!waiting.isEmpty()) {
            for (var it = waiting.iterator(); it.hasNext(); ) {
                var r = it.next();
                if (!r.process().isAlive()) {
                    throw new LaunchException("%s exited with code %d before it was ready. Last lines of %s:%n%s"
                            .formatted(r.deployable().name(), r.process().exitValue(), r.log(), tail(r.log(), 25)));
                }
                if (ready(http, r.url())) {
                    it.remove();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new LaunchException("Not ready after %d s: %s. See their logs in %s.".formatted(
                        o.readyTimeout().toSeconds(),
                        waiting.stream().map(r -> r.deployable().name()).collect(Collectors.joining(", ")),
                        o.runDir().resolve("logs")));
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException("Interrupted while waiting for readiness");
            }
        }
    }

    static boolean ready(HttpClient http, String baseUrl) {
        try {
            var request = HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
