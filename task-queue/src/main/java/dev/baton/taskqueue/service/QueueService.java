package dev.baton.taskqueue.service;

import dev.baton.taskqueue.ErrorCode;
import dev.baton.taskqueue.Queue;
import dev.baton.taskqueue.QueueState;
import dev.baton.taskqueue.RetryPolicy;
import dev.baton.taskqueue.TaskQueueException;
import dev.baton.taskqueue.config.TaskQueueConfig;
import dev.baton.taskqueue.repository.QueueQueries;
import dev.baton.taskqueue.repository.TaskQueries;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Queue use cases: validation against Cloud Tasks' limits, then one guarded statement or transaction each. */
@ApplicationScoped
public class QueueService {

    /** Cloud Tasks caps maxDispatchesPerSecond at 500; we allow more (documented) so one queue can be benchmarked. */
    static final double MAX_RATE = 10_000;
    static final int MAX_CONCURRENT = 5_000;
    static final int MAX_BURST = 10_000;

    private final Pool pool;
    private final TaskQueueConfig config;
    private final ReportDeliverer reports;

    public QueueService(Pool pool, TaskQueueConfig config, ReportDeliverer reports) {
        this.pool = pool;
        this.config = config;
        this.reports = reports;
    }

    public Future<Queue> create(String name, QueueSpec spec, Instant now) {
        Queue.RateLimits limits = limits(Queue.RateLimits.DEFAULT, spec, Set.of("rateLimits"), true);
        RetryPolicy retry = retry(RetryPolicy.DEFAULT, spec, Set.of("retryConfig"));
        return QueueQueries.insert(pool, name, limits, retry, now).map(created -> {
            if (created == null) {
                throw new TaskQueueException(ErrorCode.ALREADY_EXISTS, "Queue " + name + " already exists");
            }
            return created;
        });
    }

    public Future<Queue> get(String name) {
        return QueueQueries.get(pool, name).map(q -> require(q, name));
    }

    public Future<List<Queue>> list(String parent, String after, QueueState state, int limit) {
        return QueueQueries.list(pool, parent, after, state, limit);
    }

    /**
     * UpdateQueue: changes the fields named by {@code mask} (paths such as {@code rateLimits} or
     * {@code retryConfig.maxAttempts}); creates the queue when it does not exist, as Cloud Tasks does.
     */
    public Future<Queue> patch(String name, QueueSpec spec, Set<String> mask, Instant now) {
        for (String path : mask) {
            if (!path.equals("rateLimits") && !path.equals("retryConfig") && !path.startsWith("rateLimits.")
                    && !path.startsWith("retryConfig.")) {
                throw TaskQueueException.invalid("updateMask path '" + path
                        + "' is not supported; use rateLimits, retryConfig or their fields");
            }
        }
        return pool.withTransaction(tx -> QueueQueries.get(tx, name).compose(existing -> {
            if (existing == null) {
                Queue.RateLimits limits = limits(Queue.RateLimits.DEFAULT, spec, mask, true);
                RetryPolicy retry = retry(RetryPolicy.DEFAULT, spec, mask);
                return QueueQueries.insert(tx, name, limits, retry, now);
            }
            Queue.RateLimits limits = limits(existing.rateLimits(), spec, mask, false);
            RetryPolicy retry = retry(existing.retry(), spec, mask);
            return QueueQueries.updateConfig(tx, name, limits, retry, now);
        }));
    }

    public Future<Queue> pause(String name, Instant now) {
        return transition(name, QueueState.PAUSED, List.of(QueueState.RUNNING, QueueState.PAUSED), now);
    }

    public Future<Queue> resume(String name, Instant now) {
        return transition(name, QueueState.RUNNING, List.of(QueueState.PAUSED, QueueState.RUNNING,
                QueueState.DISABLED), now)
                .compose(q -> QueueQueries.notify(pool, name).map(q));
    }

    /** PurgeQueue: every live task becomes a tombstone (its name stays reserved), in one transaction. */
    public Future<Queue> purge(String name, Instant now) {
        Instant reserved = now.plus(config.dedupWindow());
        return pool.withTransaction(tx -> QueueQueries.setPurgeTime(tx, name, now).compose(q -> {
            require(q, name);
            return TaskQueries.deleteAllLiveInQueue(tx, name, now, reserved).map(n -> q);
        })).onSuccess(q -> reports.wake());
    }

    /** DeleteQueue: the queue and all its tasks. */
    public Future<Void> delete(String name) {
        return QueueQueries.delete(pool, name).map(deleted -> {
            if (!deleted) {
                throw TaskQueueException.notFound("Queue " + name + " does not exist");
            }
            return null;
        });
    }

    private Future<Queue> transition(String name, QueueState to, List<QueueState> from, Instant now) {
        return QueueQueries.setStateIfIn(pool, name, to, from, now).compose(q -> q != null
                ? Future.succeededFuture(q)
                : QueueQueries.get(pool, name).map(current -> {
                    require(current, name);
                    throw new TaskQueueException(ErrorCode.FAILED_PRECONDITION,
                            "Queue " + name + " is " + current.state() + " and cannot become " + to);
                }));
    }

    static Queue require(Queue q, String name) {
        if (q == null) {
            throw TaskQueueException.notFound("Queue " + name + " does not exist");
        }
        return q;
    }

    private static boolean masked(Set<String> mask, String field) {
        String group = field.substring(0, field.indexOf('.'));
        return mask.contains(group) || mask.contains(field);
    }

    static Queue.RateLimits limits(Queue.RateLimits base, QueueSpec s, Set<String> mask, boolean creating) {
        double rate = base.maxDispatchesPerSecond();
        if (s.maxDispatchesPerSecond() != null && masked(mask, "rateLimits.maxDispatchesPerSecond")) {
            rate = s.maxDispatchesPerSecond();
            if (!(rate > 0) || rate > MAX_RATE) {
                throw TaskQueueException.invalid("rateLimits.maxDispatchesPerSecond must be greater than 0 and at most "
                        + (int) MAX_RATE + ", got " + rate);
            }
        }
        int burst = creating || rate != base.maxDispatchesPerSecond()
                ? Queue.RateLimits.defaultBurst(rate) : base.maxBurstSize();
        if (s.maxBurstSize() != null && s.maxBurstSize() != 0 && masked(mask, "rateLimits.maxBurstSize")) {
            burst = s.maxBurstSize();
            if (burst < 1 || burst > MAX_BURST) {
                throw TaskQueueException.invalid("rateLimits.maxBurstSize must be between 1 and " + MAX_BURST
                        + ", got " + burst);
            }
        }
        int concurrent = base.maxConcurrentDispatches();
        if (s.maxConcurrentDispatches() != null && s.maxConcurrentDispatches() != 0
                && masked(mask, "rateLimits.maxConcurrentDispatches")) {
            concurrent = s.maxConcurrentDispatches();
            if (concurrent < 1 || concurrent > MAX_CONCURRENT) {
                throw TaskQueueException.invalid("rateLimits.maxConcurrentDispatches must be between 1 and "
                        + MAX_CONCURRENT + ", got " + concurrent);
            }
        }
        return new Queue.RateLimits(rate, burst, concurrent);
    }

    static RetryPolicy retry(RetryPolicy base, QueueSpec s, Set<String> mask) {
        int attempts = base.maxAttempts();
        // proto3 cannot tell 0 from absent: 0 means "the default", as in Cloud Tasks.
        if (s.maxAttempts() != null && masked(mask, "retryConfig.maxAttempts")) {
            attempts = s.maxAttempts() == 0 ? RetryPolicy.DEFAULT.maxAttempts() : s.maxAttempts();
            if (attempts < -1) {
                throw TaskQueueException.invalid("retryConfig.maxAttempts must be -1 (unlimited) or positive, got "
                        + s.maxAttempts());
            }
        }
        Duration retryDuration = pick(base.maxRetryDuration(), s.maxRetryDuration(), mask,
                "retryConfig.maxRetryDuration");
        Duration min = pick(base.minBackoff(), s.minBackoff(), mask, "retryConfig.minBackoff");
        Duration max = pick(base.maxBackoff(), s.maxBackoff(), mask, "retryConfig.maxBackoff");
        int doublings = base.maxDoublings();
        if (s.maxDoublings() != null && masked(mask, "retryConfig.maxDoublings")) {
            doublings = s.maxDoublings();
            if (doublings < 0) {
                throw TaskQueueException.invalid("retryConfig.maxDoublings must not be negative, got " + doublings);
            }
        }
        if (max.compareTo(min) < 0) {
            throw TaskQueueException.invalid("retryConfig.maxBackoff (" + max.toMillis()
                    + " ms) must not be shorter than retryConfig.minBackoff (" + min.toMillis() + " ms)");
        }
        return new RetryPolicy(attempts, retryDuration, min, max, doublings);
    }

    private static Duration pick(Duration base, Duration given, Set<String> mask, String field) {
        if (given == null || !masked(mask, field)) {
            return base;
        }
        if (given.isNegative()) {
            throw TaskQueueException.invalid(field + " must not be negative");
        }
        return given;
    }
}
