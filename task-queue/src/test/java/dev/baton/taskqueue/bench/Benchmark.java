package dev.baton.taskqueue.bench;

import dev.baton.platform.testing.PackagedApp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark of the packaged service (not a test): {@code ./mvnw -B -ntp -pl task-queue verify -Pbench}.
 *
 * <ol>
 * <li>Enqueue 20,000 tasks (64 concurrent CreateTask calls) into a paused queue: enqueue rate.</li>
 * <li>Resume it and time until a local no-op target has received all of them: drain rate.</li>
 * <li>Enqueue at a steady 200 tasks/s for 20 s into a running queue; the target computes, per request, arrival
 * time minus X-CloudTasks-TaskETA (the schedule time): schedule-to-dispatch latency p50/p99.</li>
 * </ol>
 * The service runs as its own process on a fresh database, which is dropped afterwards.
 */
public final class Benchmark {

    private static final int TASKS = Integer.getInteger("bench.tasks", 20_000);
    private static final int STEADY_RATE = Integer.getInteger("bench.rate", 200);
    private static final int STEADY_SECONDS = Integer.getInteger("bench.seconds", 20);

    private Benchmark() {
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine changes every elapsed-time figure. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    public static void main(String[] args) throws Exception {
        String loadAtStart = loadAverage();
        String database = "taskqueue_bench_" + Long.toHexString(System.nanoTime());
        Vertx vertx = Vertx.vertx();
        AtomicLong received = new AtomicLong();
        ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<long[]> arrivalsMicros = new ConcurrentLinkedQueue<>();
        var recordLatency = new java.util.concurrent.atomic.AtomicBoolean();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            long nowMicros = java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH,
                    java.time.Instant.now());
            if (recordLatency.get()) {
                String eta = request.getHeader("X-CloudTasks-TaskETA");
                long etaMicros = Math.round(Double.parseDouble(eta) * 1_000_000);
                latenciesMicros.add(nowMicros - etaMicros);
                arrivalsMicros.add(new long[] {nowMicros, nowMicros - etaMicros});
            }
            received.incrementAndGet();
            request.response().setStatusCode(204).end();
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        String target = "http://127.0.0.1:" + server.actualPort() + "/noop";
        var lines = new ArrayList<String>();
        // -Dbench.service-args="-XX:StartFlightRecording=filename=target/bench.jfr,settings=profile" profiles it.
        String serviceArgs = System.getProperty("bench.service-args", "").strip();
        List<String> jvmArgs = serviceArgs.isEmpty() ? List.of() : List.of(serviceArgs.split("\\s+"));
        try (var service = PackagedApp.start(database, "bench", Map.of(), jvmArgs)) {
            // HTTP/1.1 like Google's clients; the JDK client would otherwise multiplex everything over one h2c
            // connection, which one server event loop serves.
            var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            String parent = service.url() + "/v2/projects/bench/locations/local/queues";
            String queue = "projects/bench/locations/local/queues/drain";
            send(http, parent, "{\"name\":\"" + queue + "\",\"rateLimits\":{\"maxDispatchesPerSecond\":10000,"
                    + "\"maxConcurrentDispatches\":1000}}");
            send(http, service.url() + "/v2/" + queue + ":pause", "{}");

            String body = "{\"task\":{\"httpRequest\":{\"url\":\"" + target + "\",\"body\":\"e30=\"}}}";
            var cpu = new CpuMeter(service, database);
            long start = System.nanoTime();
            var inFlight = new Semaphore(64);
            var all = new ArrayList<CompletableFuture<?>>(TASKS);
            for (int i = 0; i < TASKS; i++) {
                inFlight.acquire();
                all.add(sendAsync(http, service.url() + "/v2/" + queue + "/tasks", body)
                        .whenComplete((r, e) -> inFlight.release()));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
            double enqueueSeconds = (System.nanoTime() - start) / 1e9;
            lines.add(String.format(Locale.ROOT, "enqueue: %d tasks in %.2f s = %.0f tasks/s (64 concurrent clients); %s",
                    TASKS, enqueueSeconds, TASKS / enqueueSeconds, cpu.perTask(TASKS)));

            cpu = new CpuMeter(service, database);
            long drainStart = System.nanoTime();
            send(http, service.url() + "/v2/" + queue + ":resume", "{}");
            while (received.get() < TASKS) {
                Thread.sleep(5);
                if (System.nanoTime() - drainStart > TimeUnit.MINUTES.toNanos(5)) {
                    throw new IllegalStateException("drain stalled at " + received.get());
                }
            }
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            lines.add(String.format(Locale.ROOT, "drain:   %d tasks in %.2f s = %.0f tasks/s; %s", TASKS, drainSeconds,
                    TASKS / drainSeconds, cpu.perTask(TASKS)));

            String steady = "projects/bench/locations/local/queues/steady";
            send(http, parent, "{\"name\":\"" + steady + "\"}");
            Thread.sleep(1000);
            cpu = new CpuMeter(service, database);
            recordLatency.set(true);
            var pacer = Executors.newSingleThreadScheduledExecutor();
            int total = STEADY_RATE * STEADY_SECONDS;
            var sent = new AtomicLong();
            var steadyCalls = new ConcurrentLinkedQueue<CompletableFuture<?>>();
            long periodNanos = 1_000_000_000L / STEADY_RATE;
            var ticker = pacer.scheduleAtFixedRate(() -> {
                if (sent.getAndIncrement() < total) {
                    steadyCalls.add(sendAsync(http, service.url() + "/v2/" + steady + "/tasks", body));
                }
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            while (latenciesMicros.size() < total) {
                Thread.sleep(10);
            }
            ticker.cancel(false);
            pacer.shutdown();
            // Every latency with its arrival time, to see whether the slow ones cluster (a timer, a pause) or not.
            var csv = new StringBuilder("arrival_epoch_us,latency_us\n");
            for (long[] sample : arrivalsMicros) {
                csv.append(sample[0]).append(',').append(sample[1]).append('\n');
            }
            Files.writeString(PackagedApp.moduleDir().resolve(Path.of("target", "bench-latencies.csv")), csv);
            List<Long> sorted = new ArrayList<>(latenciesMicros);
            Collections.sort(sorted);
            lines.add(String.format(Locale.ROOT,
                    "latency: schedule-to-dispatch at %d tasks/s for %d s (%d tasks): p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                            + " %s",
                    STEADY_RATE, STEADY_SECONDS, total, pct(sorted, 0.50), pct(sorted, 0.99),
                    sorted.getLast() / 1000.0, cpu.perTask(total)));
        } finally {
            server.close();
            vertx.close();
            PackagedApp.dropDatabase(database);
        }
        lines.add("machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + "; load average at start " + loadAtStart + ", at end "
                + loadAverage());
        lines.forEach(System.out::println);
        Files.write(PackagedApp.moduleDir().resolve(Path.of("target", "bench-results.txt")), lines);
    }

    /**
     * CPU used by the service process and by the PostgreSQL backends serving its database between two points: per
     * task, this is what a phase costs whatever else the machine is running (elapsed times are not).
     */
    private static final class CpuMeter {
        private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
        private final PackagedApp service;
        private final String database;
        private final Duration serviceStart;
        private final long postgresStartTicks;

        CpuMeter(PackagedApp service, String database) throws Exception {
            this.service = service;
            this.database = database;
            this.serviceStart = service.cpuTime();
            this.postgresStartTicks = postgresTicks();
        }

        String perTask(int tasks) throws Exception {
            double serviceMicros = (service.cpuTime().minus(serviceStart).toNanos() / 1e3) / tasks;
            double postgresMicros = (postgresTicks() - postgresStartTicks) * (1e6 / TICKS_PER_SECOND) / tasks;
            return String.format(Locale.ROOT, "CPU per task: service %.0f us, PostgreSQL %.0f us", serviceMicros,
                    postgresMicros);
        }

        /** utime + stime of every backend connected to the database, from /proc (Linux only; 0 elsewhere). */
        private long postgresTicks() throws Exception {
            long ticks = 0;
            try (var c = PackagedApp.connect("postgres");
                    var s = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = ?")) {
                s.setString(1, database);
                try (var rs = s.executeQuery()) {
                    while (rs.next()) {
                        Path stat = Path.of("/proc", Integer.toString(rs.getInt(1)), "stat");
                        if (Files.isReadable(stat)) {
                            String text = Files.readString(stat);
                            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
                            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        }
                    }
                }
            }
            return ticks;
        }
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1000.0;
    }

    private static void send(HttpClient http, String url, String json) throws Exception {
        var response = sendAsync(http, url, json).get();
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(HttpClient http, String url, String json) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
                    }
                    return r;
                });
    }
}
