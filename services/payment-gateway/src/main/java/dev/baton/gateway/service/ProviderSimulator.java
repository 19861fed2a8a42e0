package dev.baton.gateway.service;

import dev.baton.gateway.TestToken;
import dev.baton.gateway.config.GatewayConfig;
import dev.baton.platform.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated card network behind the gateway: what it answers for each {@link TestToken}, and how slow or
 * unreliable it is. Attempts are counted per idempotency key in this instance's memory (bounded by
 * {@code baton.gateway.simulation.remembered-keys}, lost on restart): enough for a simulator, whose only job is to
 * make the saga's retries and timeouts happen on demand.
 */
@ApplicationScoped
public class ProviderSimulator {

    /** What the provider decided: approved, or declined with a code. */
    public record Decision(boolean approved, String declineCode) {
    }

    private final Vertx vertx;
    private final GatewayConfig.Simulation config;
    private final Map<String, Integer> slowAttempts;
    private final Map<String, Integer> flakyAttempts;
    private final AtomicInteger waiting = new AtomicInteger();

    public ProviderSimulator(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.config = config.simulation();
        this.slowAttempts = bounded(this.config.rememberedKeys());
        this.flakyAttempts = bounded(this.config.rememberedKeys());
    }

    /**
     * How long the provider takes to answer before the command is applied: {@code slow-delay} for the first
     * {@code tok_slow} attempt with {@code key}, nothing otherwise. Called outside the command's transaction, so a
     * slow answer holds no connection and no lock; the retry that overtakes it applies the command, and this attempt
     * replays that answer when it wakes. A Vert.x timer does the waiting: no event-loop or worker thread is held.
     */
    public Uni<Void> latency(String key, TestToken token) {
        if (token != TestToken.SLOW || attempt(slowAttempts, key) > 1) {
            return Uni.createFrom().voidItem();
        }
        long millis = Math.max(1, config.slowDelay().toMillis());
        return Uni.createFrom().<Void>emitter(emitter -> {
            waiting.incrementAndGet();
            long timer = vertx.setTimer(millis, ignored -> emitter.complete(null));
            emitter.onTermination(() -> {
                vertx.cancelTimer(timer);
                waiting.decrementAndGet();
            });
        });
    }

    /**
     * The provider's answer to an authorization, given inside the command's transaction (a 503 rolls the command
     * back, key included, so the retry is a new attempt).
     *
     * @throws ProblemException 503 for {@code tok_processing_error}, and for the first {@code flaky-failures}
     *                          attempts per key with {@code tok_flaky}
     */
    public Decision decide(String key, TestToken token) {
        return switch (token.behaviour()) {
            case APPROVE, SLOW_THEN_APPROVE -> new Decision(true, null);
            case DECLINE -> new Decision(false, token.declineCode());
            case FAIL -> throw unavailable(token, "fails every attempt");
            case FLAKY_THEN_APPROVE -> {
                int attempt = attempt(flakyAttempts, key);
                if (attempt <= config.flakyFailures()) {
                    throw unavailable(token, "fails attempt %d of %d".formatted(attempt, config.flakyFailures()));
                }
                yield new Decision(true, null);
            }
        };
    }

    /** How many slow first attempts are waiting right now (tests wait for one before racing it). */
    public int waiting() {
        return waiting.get();
    }

    private static ProblemException unavailable(TestToken token, String what) {
        return new ProblemException(503, "provider-unavailable", "Payment provider unavailable",
                "The card network did not answer; retry later (simulated: %s %s)".formatted(token.token(), what));
    }

    private static int attempt(Map<String, Integer> attempts, String key) {
        synchronized (attempts) {
            return attempts.merge(key, 1, Integer::sum);
        }
    }

    private static Map<String, Integer> bounded(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                return size() > capacity;
            }
        };
    }
}
