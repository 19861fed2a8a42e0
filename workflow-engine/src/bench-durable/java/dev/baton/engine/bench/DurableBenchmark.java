package dev.baton.engine.bench;

import com.sun.net.httpserver.HttpServer;
import dev.baton.engine.it.PackagedEngine;
import dev.baton.platform.testing.PackagedApp;
import dev.dbos.transact.DBOS;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.workflow.Workflow;
import dev.dbos.transact.workflow.WorkflowHandle;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Executions per second and added latency per durable step of a 10-step workflow, side by side: Baton's packaged
 * engine (each step an {@code http.post} to a local no-op server, each step a checkpoint in PostgreSQL) and DBOS
 * Transact for Java (each step a {@code runStep} doing the same HTTP call, checkpointed by DBOS) on the same
 * PostgreSQL; plus the engine with each step a {@code tasks.call} command through the real task queue, when
 * {@code ../task-queue} is packaged. Not a test: run with {@code -Pbench-durable} (see the pom).
 *
 * <p>Latency: {@code bench.sequential} executions one after another; added latency per step = (execution time / 10)
 * minus the raw HTTP round trip measured by the same client. Throughput: {@code bench.executions} started at once,
 * from the first start to the last finish.
 */
public final class DurableBenchmark {

    private static final int STEPS = 10;
    private static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    private DurableBenchmark() {
    }

    /** The workflow DBOS runs: ten steps, each the same no-op HTTP call the engine makes. */
    public interface TenSteps {
        /** Runs the ten steps; returns {@code n}. */
        int run(int n) throws Exception;
    }

    /** DBOS's implementation of {@link TenSteps}. */
    public static final class TenStepsImpl implements TenSteps {
        private final DBOS dbos;
        private final String url;

        TenStepsImpl(DBOS dbos, String url) {
            this.dbos = dbos;
            this.url = url;
        }

        @Override
        @Workflow(name = "tenSteps")
        public int run(int n) throws Exception {
            for (int i = 0; i < STEPS; i++) {
                dbos.runStep(() -> post(url, "{\"n\":" + n + "}"), "step" + i);
            }
            return n;
        }
    }

    record Result(String name, double executionsPerSecond, double msPerExecution, double addedMsPerStep) {
    }

    public static void main(String[] args) throws Exception {
        int executions = Integer.getInteger("bench.executions", 1000);
        int sequential = Integer.getInteger("bench.sequential", 30);
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        target.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        target.createContext("/", x -> {
            try (x) {
                x.getRequestBody().readAllBytes();
                byte[] out = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().set("Content-Type", "application/json");
                x.sendResponseHeaders(200, out.length);
                x.getResponseBody().write(out);
            }
        });
        target.start();
        String targetUrl = "http://127.0.0.1:" + target.getAddress().getPort() + "/noop";
        for (int i = 0; i < 300; i++) {
            post(targetUrl, "{}");
        }
        double rawMs = medianMs(200, () -> post(targetUrl, "{}"));
        System.out.printf("raw no-op HTTP round trip (median of 200): %.3f ms%n", rawMs);

        List<Result> results = new ArrayList<>();
        String suffix = Long.toHexString(System.nanoTime());
        if (Boolean.parseBoolean(System.getProperty("bench.dbos", "true"))) {
            results.add(dbos("dbos_bench_" + suffix, targetUrl, executions, sequential, rawMs));
        }
        results.add(engine("workflows_bench_" + suffix, targetUrl, executions, sequential, rawMs));
        if (Boolean.parseBoolean(System.getProperty("bench.tasks", "true"))) {
            Result tasks = engineWithTasks(suffix, targetUrl, Math.max(100, executions / 4), sequential, rawMs);
            if (tasks != null) {
                results.add(tasks);
            }
        }
        target.stop(0);

        StringBuilder table = new StringBuilder();
        table.append(String.format("%n| variant | executions/s | ms per execution (sequential) | added ms per step |%n"))
                .append("|---|---|---|---|\n");
        for (Result r : results) {
            table.append(String.format("| %s | %.0f | %.1f | %.2f |%n", r.name(), r.executionsPerSecond(),
                    r.msPerExecution(), r.addedMsPerStep()));
        }
        table.append(String.format("%n%d executions of %d steps per throughput run, %d sequential for latency;"
                + " raw HTTP round trip %.3f ms; %d cores.%n", executions, STEPS, sequential, rawMs,
                Runtime.getRuntime().availableProcessors()));
        System.out.println(table);
        Files.writeString(PackagedApp.moduleDir().resolve("target/bench-durable.md"), table.toString());
        System.exit(0);
    }

    // ---- DBOS ---------------------------------------------------------------------------------------------------

    private static Result dbos(String database, String targetUrl, int executions, int sequential, double rawMs)
            throws Exception {
        createDatabase(database);
        DBOSConfig config = DBOSConfig.defaults("baton-bench")
                .withDatabaseUrl("jdbc:postgresql://127.0.0.1:5432/" + database).withDbUser("postgres")
                .withDbPassword("").withAdminServer(false);
        try (DBOS dbos = new DBOS(config)) {
            TenSteps proxy = dbos.registerProxy(TenSteps.class, new TenStepsImpl(dbos, targetUrl));
            dbos.launch();
            for (int i = 0; i < 50; i++) {
                proxy.run(i);
            }
            long[] each = new long[sequential];
            for (int i = 0; i < sequential; i++) {
                long t = System.nanoTime();
                proxy.run(i);
                each[i] = System.nanoTime() - t;
            }
            double msPer = median(each) / 1e6;
            long start = System.nanoTime();
            List<WorkflowHandle<Integer, Exception>> handles = new ArrayList<>();
            for (int i = 0; i < executions; i++) {
                int n = i;
                handles.add(dbos.startWorkflow(() -> proxy.run(n)));
            }
            for (var h : handles) {
                h.getResult();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Result r = new Result("DBOS Transact 1.1.0-m6 (10 runStep, in-process)", executions / seconds, msPer,
                    msPer / STEPS - rawMs);
            System.out.println(r);
            dbos.shutdown();
            return r;
        } finally {
            PackagedApp.dropDatabase(database);
        }
    }

    // ---- Baton engine -------------------------------------------------------------------------------------------

    private static Result engine(String database, String targetUrl, int executions, int sequential, double rawMs)
            throws Exception {
        Path dir = Files.createTempDirectory("wf-bench");
        StringBuilder wf = new StringBuilder("main:\n  params: [args]\n  steps:\n");
        for (int s = 0; s < STEPS; s++) {
            wf.append("    - s").append(s).append(":\n        call: http.post\n        args:\n")
                    .append("          url: ${args.url}\n          body:\n            n: ${args.n}\n");
        }
        wf.append("    - done:\n        return: ${args.n}\n");
        Files.writeString(dir.resolve("bench.workflows.yaml"), wf.toString());
        List<String> jvm = new ArrayList<>(List.of("-Dbaton.events.exchange=test.workflows.bench." + database));
        String extra = System.getProperty("bench.engineJvmArgs", "");
        if (!extra.isBlank()) {
            jvm.addAll(List.of(extra.split(" ")));
        }
        try (var engine = PackagedEngine.start(database, dir, "bench-engine", Map.of(), jvm)) {
            return measure("Baton engine (10 http.post steps)", engine, database, "bench", targetUrl, executions,
                    sequential, rawMs);
        } finally {
            PackagedApp.dropDatabase(database);
        }
    }

    private static Result engineWithTasks(String suffix, String targetUrl, int executions, int sequential,
            double rawMs) throws Exception {
        Path queueApp = PackagedApp.siblingApp("task-queue");
        if (queueApp == null) {
            System.out.println("task-queue not packaged: the tasks.call variant is skipped");
            return null;
        }
        String queueDb = "taskqueue_bench_" + suffix;
        String engineDb = "workflows_bench_tasks_" + suffix;
        int port = PackagedApp.freePort();
        String queueUrl = "http://127.0.0.1:" + port;
        Path dir = Files.createTempDirectory("wf-bench-tasks");
        StringBuilder wf = new StringBuilder("main:\n  params: [args]\n  steps:\n");
        for (int s = 0; s < STEPS; s++) {
            wf.append("    - s").append(s).append(":\n        call: tasks.call\n        args:\n")
                    .append("          url: ${args.url}\n          queue: bench-commands\n          body:\n")
                    .append("            n: ${args.n}\n");
        }
        wf.append("    - done:\n        return: ${args.n}\n");
        Files.writeString(dir.resolve("bench.workflows.yaml"), wf.toString());
        try (var queue = PackagedApp.start(queueApp, port, queueDb, "bench-queue", Map.of("TASK_QUEUE_ISSUER", queueUrl),
                List.of())) {
            Map<String, String> env = Map.of("BATON_TASK_QUEUE_URL", queueUrl, "TASK_QUEUE_ISSUER", queueUrl);
            try (var engine = PackagedEngine.start(engineDb, dir, "bench-engine-tasks", env, List.of(
                    "-Dbaton.events.exchange=test.workflows.bench." + engineDb,
                    "-Dbaton.engine.tasks.queues.bench-commands.max-attempts=3",
                    "-Dbaton.engine.tasks.queues.bench-commands.min-backoff=0.1s",
                    "-Dbaton.engine.tasks.queues.bench-commands.max-backoff=1s",
                    "-Dbaton.engine.tasks.queues.bench-commands.max-dispatches-per-second=5000",
                    "-Dbaton.engine.tasks.queues.bench-commands.max-concurrent-dispatches=500"))) {
                Thread.sleep(2000);
                return measure("Baton engine (10 tasks.call via task-queue)", engine, engineDb, "bench", targetUrl,
                        executions, sequential, rawMs);
            }
        } finally {
            PackagedApp.dropDatabase(engineDb);
            PackagedApp.dropDatabase(queueDb);
        }
    }

    private static Result measure(String name, PackagedApp engine, String database, String workflow,
            String targetUrl, int executions, int sequential, double rawMs) throws Exception {
        String create = engine.url() + "/v1/projects/bench/locations/here/workflows/" + workflow + "/executions";
        for (int i = 0; i < 30; i++) {
            awaitDone(engine, start(create, targetUrl, i));
        }
        double[] durations = new double[sequential];
        for (int i = 0; i < sequential; i++) {
            JsonObject done = awaitDone(engine, start(create, targetUrl, i));
            String d = done.getString("duration");
            durations[i] = Double.parseDouble(d.substring(0, d.length() - 1)) * 1000;
        }
        Arrays.sort(durations);
        double msPer = durations[durations.length / 2];
        long before = count(database, "SELECT count(*) FROM execution WHERE state = 'SUCCEEDED'");
        try (var clients = Executors.newFixedThreadPool(64)) {
            List<Future<String>> started = new ArrayList<>();
            for (int i = 0; i < executions; i++) {
                int n = i;
                started.add(clients.submit(() -> start(create, targetUrl, n)));
            }
            for (var f : started) {
                f.get();
            }
        }
        while (count(database, "SELECT count(*) FROM execution WHERE state = 'SUCCEEDED'") < before + executions) {
            if (count(database, "SELECT count(*) FROM execution WHERE state = 'FAILED'") > 0) {
                try (var c = PackagedApp.connect(database); var rs = c.createStatement().executeQuery(
                        "SELECT id, error::text FROM execution WHERE state = 'FAILED' LIMIT 1")) {
                    rs.next();
                    throw new IllegalStateException("execution " + rs.getString(1) + " failed: " + rs.getString(2));
                }
            }
            Thread.sleep(20);
        }
        double seconds;
        try (var c = PackagedApp.connect(database); var rs = c.createStatement().executeQuery("""
                SELECT extract(epoch FROM max(end_time) - min(create_time)),
                       extract(epoch FROM max(create_time) - min(create_time)) FROM
                  (SELECT create_time, end_time FROM execution ORDER BY create_time DESC LIMIT %d) t"""
                .formatted(executions))) {
            rs.next();
            seconds = rs.getDouble(1);
            System.out.printf("%s: %d executions created over %.2f s, all finished after %.2f s%n", name,
                    executions, rs.getDouble(2), seconds);
        }
        Result r = new Result(name, executions / seconds, msPer, msPer / STEPS - rawMs);
        System.out.println(r);
        return r;
    }

    private static String start(String createUrl, String targetUrl, int n) throws Exception {
        String argument = new JsonObject().put("url", targetUrl).put("n", n).encode();
        var resp = HTTP.send(HttpRequest.newBuilder(URI.create(createUrl)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("argument", argument).encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            throw new IllegalStateException(resp.body());
        }
        return new JsonObject(resp.body()).getString("name");
    }

    private static JsonObject awaitDone(PackagedApp engine, String name) throws Exception {
        while (true) {
            JsonObject e = new JsonObject(HTTP.send(HttpRequest.newBuilder(URI.create(engine.url() + "/v1/" + name))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            switch (e.getString("state")) {
                case "SUCCEEDED" -> {
                    return e;
                }
                case "ACTIVE", "QUEUED" -> Thread.sleep(25);
                default -> throw new IllegalStateException(e.encode());
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static String post(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private interface Call {
        void run() throws Exception;
    }

    private static double medianMs(int n, Call call) throws Exception {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            call.run();
            t[i] = System.nanoTime() - s;
        }
        return median(t) / 1e6;
    }

    private static double median(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy[copy.length / 2];
    }

    private static long count(String database, String sql) throws Exception {
        try (var c = PackagedApp.connect(database); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void createDatabase(String database) throws Exception {
        var props = new java.util.Properties();
        props.setProperty("user", "postgres");
        try (var c = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:5432/postgres", props)) {
            c.createStatement().execute("CREATE DATABASE " + database);
        }
    }
}
