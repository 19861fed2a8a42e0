package dev.baton.platform.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A module's packaged application ({@code target/quarkus-app/quarkus-run.jar}) as a separate process, so tests can
 * kill it for real (SIGKILL: no shutdown hook, no drain) and benchmarks measure what production runs.
 */
public final class PackagedApp implements AutoCloseable {

    private final Process process;
    public final int port;

    private PackagedApp(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts this module's jar on a free port against {@code database} and waits until it is ready. */
    public static PackagedApp start(String database, String logName, Map<String, String> env, List<String> jvmArgs)
            throws Exception {
        return start(freePort(), database, logName, env, jvmArgs);
    }

    /**
     * Starts this module's jar on {@code port} (for callers whose environment must name the port) against
     * {@code database}, with {@code env} on top of PORT, BATON_DB_NAME and plain-text logs; waits for ready.
     */
    public static PackagedApp start(int port, String database, String logName, Map<String, String> env,
            List<String> jvmArgs) throws Exception {
        Path app = moduleDir().resolve(Path.of("target", "quarkus-app"));
        if (!Files.exists(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app.resolve("quarkus-run.jar") + " is missing: run ./mvnw -pl "
                    + moduleDir().toAbsolutePath().normalize().getFileName() + " package first");
        }
        return start(app, port, database, logName, env, jvmArgs);
    }

    /**
     * Another module's packaged application ({@code ../<module>/target/quarkus-app}), copied to
     * {@code target/<module>-app} of this module; null when that module has not been packaged.
     */
    public static Path siblingApp(String module) throws IOException {
        Path original = moduleDir().resolve(Path.of("..", module, "target", "quarkus-app")).normalize();
        if (!Files.exists(original.resolve("quarkus-run.jar"))) {
            return null;
        }
        Path copy = moduleDir().resolve(Path.of("target", module + "-app"));
        try (var paths = Files.walk(original)) {
            for (Path p : paths.toList()) {
                Path dest = copy.resolve(original.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return copy;
    }

    /** Starts the application in {@code app}, a quarkus-app directory, as the other start methods do. */
    public static PackagedApp start(Path app, int port, String database, String logName, Map<String, String> env,
            List<String> jvmArgs) throws Exception {
        Path jar = app.resolve("quarkus-run.jar");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        var builder = new ProcessBuilder(command);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("BATON_DB_NAME", database);
        builder.environment().put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        builder.environment().putAll(env);
        File log = moduleDir().resolve(Path.of("target", logName + ".log")).toFile();
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        var started = new PackagedApp(builder.start(), port);
        started.awaitReady(Duration.ofSeconds(90));
        return started;
    }

    /** The module directory: failsafe runs in it; exec:java passes it as {@code baton.module.dir}. */
    public static Path moduleDir() {
        return Path.of(System.getProperty("baton.module.dir", System.getProperty("user.dir")));
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** CPU time the process has used so far (user + system), for cost-per-unit figures. */
    public Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private void awaitReady(Duration timeout) throws Exception {
        var http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the application exited with " + process.exitValue()
                        + "; see its log");
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
        throw new IllegalStateException("the application did not become ready within " + timeout);
    }

    /** kill -9: no shutdown hook, no drain. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /**
     * A JDBC connection to {@code database} on the local server. The driver directly, not DriverManager: under
     * exec:java the driver is not visible to DriverManager.
     */
    public static java.sql.Connection connect(String database) throws Exception {
        var props = new java.util.Properties();
        props.setProperty("user", "postgres");
        return new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:5432/" + database, props);
    }

    public static void dropDatabase(String database) throws Exception {
        try (var c = connect("postgres")) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
