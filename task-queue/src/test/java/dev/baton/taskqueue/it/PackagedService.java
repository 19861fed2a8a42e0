package dev.baton.taskqueue.it;

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

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a separate process, so that tests can kill
 * it for real and benchmarks measure what production runs.
 */
public final class PackagedService implements AutoCloseable {

    private final Process process;
    public final int port;

    private PackagedService(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the jar on a free port against {@code database} and waits until it is ready. */
    public static PackagedService start(String database, String logName, List<String> systemProperties)
            throws Exception {
        Path jar = moduleDir().resolve(Path.of("target", "quarkus-app", "quarkus-run.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw -pl task-queue package first");
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
        builder.environment().put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        File log = moduleDir().resolve(Path.of("target", logName + ".log")).toFile();
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        var service = new PackagedService(builder.start(), port);
        service.awaitReady(Duration.ofSeconds(90));
        return service;
    }

    /** The task-queue module: failsafe runs in it; exec:java passes it as {@code baton.module.dir}. */
    public static Path moduleDir() {
        return Path.of(System.getProperty("baton.module.dir", System.getProperty("user.dir")));
    }

    /** CPU time the service process has used so far (user + system), for cost-per-task figures. */
    public Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady(Duration timeout) throws Exception {
        var http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see its log");
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
        throw new IllegalStateException("the service did not become ready within " + timeout);
    }

    /** kill -9: no shutdown hook, no drain. */
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
        // The driver directly, not DriverManager: under exec:java the driver is not visible to DriverManager.
        try (var c = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:5432/postgres", props)) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
