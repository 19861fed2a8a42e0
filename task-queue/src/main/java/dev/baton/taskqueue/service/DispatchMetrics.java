package dev.baton.taskqueue.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-queue Prometheus metrics, tagged with the full queue name:
 * <ul>
 * <li>{@code baton_taskqueue_depth} (gauge): live tasks (pending or running), refreshed by the dispatcher's poll;</li>
 * <li>{@code baton_taskqueue_dispatches_total} (counter): attempts started; its rate is the dispatch rate;</li>
 * <li>{@code baton_taskqueue_attempts_total{outcome=succeeded|retried|failed}} (counter): attempt outcomes;</li>
 * <li>{@code baton_taskqueue_schedule_to_dispatch_seconds} (timer with histogram): from the time a task was due
 * to the time its attempt was sent.</li>
 * </ul>
 */
@ApplicationScoped
public class DispatchMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> depth = new ConcurrentHashMap<>();
    private final Map<String, Counter> dispatches = new ConcurrentHashMap<>();
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();

    public DispatchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void dispatched(String queue, Duration scheduleToDispatch) {
        dispatches.computeIfAbsent(queue, q -> Counter.builder("baton_taskqueue_dispatches")
                .description("Task attempts started").tag("queue", q).register(registry)).increment();
        latency.computeIfAbsent(queue, q -> Timer.builder("baton_taskqueue_schedule_to_dispatch")
                .description("Delay from a task's schedule time to the start of its attempt").tag("queue", q)
                .publishPercentileHistogram().register(registry))
                .record(scheduleToDispatch.isNegative() ? Duration.ZERO : scheduleToDispatch);
    }

    /** @param outcome succeeded, retried or failed */
    public void attempt(String queue, String outcome) {
        outcomes.computeIfAbsent(queue + '\n' + outcome, k -> Counter.builder("baton_taskqueue_attempts")
                .description("Task attempt outcomes").tag("queue", queue).tag("outcome", outcome).register(registry))
                .increment();
    }

    /** Replaces the depth of every queue; queues absent from {@code live} have none. */
    public void depths(Map<String, Long> live) {
        depth.forEach((queue, value) -> value.set(live.getOrDefault(queue, 0L)));
        live.forEach((queue, n) -> depth.computeIfAbsent(queue, q -> {
            var holder = new AtomicLong();
            Gauge.builder("baton_taskqueue_depth", holder, AtomicLong::get)
                    .description("Live tasks (pending or running)").tag("queue", q).register(registry);
            return holder;
        }).set(n));
    }
}
