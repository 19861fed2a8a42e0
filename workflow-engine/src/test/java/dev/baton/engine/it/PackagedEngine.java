package dev.baton.engine.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged engine ({@code target/quarkus-app/quarkus-run.jar}) as a separate process, so tests can kill it for
 * real (SIGKILL: no shutdown hook, no drain) and benchmarks measure what production runs.
 */
public final class PackagedEngine implements AutoCloseable {

    private final Process process;
    public final int port;

    private PackagedEngine(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the jar on a free port against {@code database}, deploying {@code workflowsDir}, and waits for ready. */
    public static PackagedEngine start(String database, Path workflowsDir, String logName, Map<String, String> env,
            List<String> systemProperties) throws Exception {
        Path jar = moduleDir().resolve(Path.of("target", "quarkus-app", "quarkus-run.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw -pl workflow-engine package first");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(systemProperties);
        command.add("-jar");
        command.add(jar.toString());
        var builder = new ProcessBuilder(command);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("BATON_DB_NAME", database);
        builder.environment().put("BATON_WORKFLOWS_DIR", workflowsDir.toString());
        builder.environment().put("BATON_WORKFLOW_ENGINE_URL", "http://127.0.0.1:" + port);
        builder.environment().put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        builder.environment().putAll(env);
        File log = moduleDir().resolve(Path.of("target", logName + ".log")).toFile();
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        var engine = new PackagedEngine(builder.start(), port);
        engine.awaitReady(Duration.ofSeconds(90));
        return engine;
    }

    /** The module directory: failsafe runs in it; exec:java passes it as {@code baton.module.dir}. */
    public static Path moduleDir() {
        return Path.of(System.getProperty("baton.module.dir", System.getProperty("user.dir")));
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady(Duration timeout) throws Exception {
        var http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the engine exited with " + process.exitValue() + "; see its log");
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the engine did not become ready within " + timeout);
    }

    /** kill -9. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    public static void dropDatabase(String database) throws Exception {
        var props = new java.util.Properties();
        props.setProperty("user", "postgres");
        try (var c = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:5432/postgres", props)) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    public static java.sql.Connection connect(String database) throws Exception {
        var props = new java.util.Properties();
        props.setProperty("user", "postgres");
        return new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:5432/" + database, props);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
