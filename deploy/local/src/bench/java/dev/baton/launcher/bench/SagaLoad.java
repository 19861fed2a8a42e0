package dev.baton.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.launcher.Deployable;
import dev.baton.launcher.LaunchOptions;
import dev.baton.launcher.LocalSystem;
import dev.baton.launcher.RunningSystem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The saga load generator (a benchmark, not a test): starts the whole system through the launcher (fresh
 * databases, port offset 22000), sends payments through checkout with a fixed number in flight, follows each to
 * its terminal state, and prints a progress line every second, then sagas per second, p50/p99 latency from request
 * to terminal state, and PostgreSQL commits per saga (pg_stat_database.xact_commit over the ten databases, minus
 * what the idle system commits in the same time: pollers and relays commit while nothing happens).
 *
 * <p>Run: {@code ./mvnw -B -ntp package -DskipTests && ./mvnw -B -ntp -pl deploy/local verify -Pbench}; sizes with
 * {@code -Dbench.sagas=400 -Dbench.concurrency=16 -Dbench.warmup=20}.
 */
public final class SagaLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = "_bench";

    record Result(String status, long nanos) {
    }

    public static void main(String[] args) throws Exception {
        int sagas = Integer.getInteger("bench.sagas", 400);
        int concurrency = Integer.getInteger("bench.concurrency", 16);
        int warmup = Integer.getInteger("bench.warmup", 20);
        Path root = Path.of(System.getProperty("baton.root", ".")).toAbsolutePath().normalize();
        var options = LaunchOptions.defaults(root, System.getenv()).withPorts(22000, SUFFIX)
                .withRunDir(root.resolve("deploy/local/target/bench-run"))
                .forSystemTests(Map.of("BATON_FRAUD_VELOCITY_TOKEN_MAX_COUNT", "100000000",
                        "BATON_FRAUD_VELOCITY_TOKEN_MAX_AMOUNT_EUR", "100000000000"))
                .withoutBuild();
        System.out.printf("Starting Baton (port offset 22000, databases *%s) ...%n", SUFFIX);
        try (RunningSystem system = LocalSystem.start(options, System.out)) {
            String checkout = system.url("checkout");
            var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            System.out.printf("Warm-up: %d sagas ...%n", warmup);
            run(http, checkout, warmup, Math.min(concurrency, warmup), false);

            Duration idleWindow = Duration.ofSeconds(10);
            long idleBefore = commits(options);
            Thread.sleep(idleWindow.toMillis());
            long idleCommits = commits(options) - idleBefore;
            double idlePerSecond = idleCommits / (double) idleWindow.toSeconds();

            System.out.printf("Measuring: %d sagas, %d in flight ...%n", sagas, concurrency);
            long commitsBefore = commits(options);
            long start = System.nanoTime();
            List<Result> results = run(http, checkout, sagas, concurrency, true);
            double seconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(1500); // pg_stat counters are flushed by backends at most once a second
            long commitsDuring = commits(options) - commitsBefore;

            List<Long> latencies = new ArrayList<>(results.stream().map(Result::nanos).toList());
            Collections.sort(latencies);
            long succeeded = results.stream().filter(r -> r.status().equals("SUCCEEDED")).count();
            double idleShare = idlePerSecond * (seconds + 1.5);
            System.out.printf("%nSagas: %d (%d SUCCEEDED, %d other) in %.1f s: %.1f sagas/s with %d in flight%n",
                    results.size(), succeeded, results.size() - succeeded, seconds, results.size() / seconds,
                    concurrency);
            System.out.printf("Latency request -> terminal: p50 %d ms, p99 %d ms, max %d ms (polled every 50 ms)%n",
                    ms(percentile(latencies, 0.50)), ms(percentile(latencies, 0.99)), ms(latencies.getLast()));
            System.out.printf("PostgreSQL commits: %.1f per saga (%d during the run, of which ~%.0f are what the idle "
                    + "system commits in that time: %.1f/s; raw %.1f per saga)%n",
                    (commitsDuring - idleShare) / results.size(), commitsDuring, idleShare, idlePerSecond,
                    commitsDuring / (double) results.size());
        }
    }

    private static List<Result> run(HttpClient http, String checkout, int count, int concurrency, boolean progress)
            throws Exception {
        var results = new ConcurrentLinkedQueue<Result>();
        var slots = new Semaphore(concurrency);
        var done = new AtomicInteger();
        long start = System.nanoTime();
        Thread reporter = progress ? Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                List<Long> sorted = results.stream().map(Result::nanos).sorted().toList();
                double elapsed = (System.nanoTime() - start) / 1e9;
                System.out.printf("\r  %5d/%d done  %6.1f sagas/s  in flight %3d  p50 %5d ms  p99 %5d ms   ",
                        done.get(), count, done.get() / elapsed, concurrency - slots.availablePermits(),
                        ms(percentile(sorted, 0.5)), ms(percentile(sorted, 0.99)));
            }
        }) : null;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                slots.acquire();
                pool.submit(() -> {
                    try {
                        results.add(oneSaga(http, checkout));
                    } catch (Exception e) {
                        results.add(new Result("ERROR " + e.getMessage(), 0));
                    } finally {
                        done.incrementAndGet();
                        slots.release();
                    }
                });
            }
        }
        if (reporter != null) {
            reporter.interrupt();
            System.out.println();
        }
        return new ArrayList<>(results);
    }

    private static Result oneSaga(HttpClient http, String checkout) throws Exception {
        String customer = "bench-" + UUID.randomUUID();
        String body = JSON.writeValueAsString(Map.of("amountMinor", 1999, "currency", "EUR", "customerId", customer,
                "customerEmail", customer + "@example.com", "paymentMethodToken", "tok_visa",
                "lineItems", List.of(Map.of("sku", "B-1", "description", "Bench item", "quantity", 1,
                        "unitAmountMinor", 1999))));
        long start = System.nanoTime();
        var created = http.send(HttpRequest.newBuilder(URI.create(checkout + "/v1/payments"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + LocalSystem.LOCAL_API_KEY)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 202) {
            return new Result("HTTP " + created.statusCode(), System.nanoTime() - start);
        }
        String id = JSON.readTree(created.body()).path("paymentId").asText();
        var get = HttpRequest.newBuilder(URI.create(checkout + "/v1/payments/" + id))
                .header("Authorization", "Bearer " + LocalSystem.LOCAL_API_KEY).GET().build();
        long deadline = start + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(50);
            JsonNode payment = JSON.readTree(http.send(get, HttpResponse.BodyHandlers.ofString()).body());
            String status = payment.path("status").asText();
            if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
                return new Result(status, System.nanoTime() - start);
            }
        }
        return new Result("TIMEOUT", System.nanoTime() - start);
    }

    /** Sum of committed transactions over this run's ten databases. */
    private static long commits(LaunchOptions o) throws Exception {
        var names = Deployable.ALL.stream().map(d -> d.database() + o.dbSuffix()).toList();
        try (var c = DriverManager.getConnection("jdbc:postgresql://%s:%d/postgres".formatted(o.dbHost(), o.dbPort()),
                "postgres", System.getenv().getOrDefault("BATON_DB_PASSWORD", ""));
                var ps = c.prepareStatement("SELECT coalesce(sum(xact_commit), 0) FROM pg_stat_database "
                        + "WHERE datname = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", names.toArray()));
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.size()); // nearest-rank percentile
        return sorted.get(Math.clamp(rank - 1, 0, sorted.size() - 1));
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
