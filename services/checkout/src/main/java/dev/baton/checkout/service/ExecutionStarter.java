package dev.baton.checkout.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.checkout.Payment;
import dev.baton.checkout.SagaArgument;
import dev.baton.checkout.client.EngineException;
import dev.baton.checkout.client.WorkflowEngineClient;
import dev.baton.checkout.config.CheckoutConfig;
import dev.baton.checkout.repository.PaymentRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * Creates the {@code payment} execution for a payment and records its name, and keeps trying for payments whose
 * start failed: the "start pending" loop.
 *
 * <p>The request that records a payment makes the first attempt itself ({@link #start}); it holds the payment's
 * start for {@code baton.checkout.start.lease} by setting {@code next_start_at} that far ahead. When the engine
 * cannot be reached the payment stays PENDING with its next attempt due after a backoff; the loop ({@link #round})
 * claims due payments ({@code FOR UPDATE SKIP LOCKED}, so several instances share the work), holding each for the
 * lease again, and tries once more. Attempts never stop (the backoff is capped at
 * {@code baton.checkout.start.max-backoff}): a payment the client was told is accepted is never lost.
 *
 * <p>The loop runs on Vert.x timers, not a scheduler: after a round that claimed a full batch it goes again at once,
 * otherwise it waits {@code poll-interval}.
 */
@ApplicationScoped
public class ExecutionStarter {

    private static final Logger LOG = Logger.getLogger(ExecutionStarter.class);

    private final WorkflowEngineClient engine;
    private final PaymentRepository payments;
    private final Pool pool;
    private final ObjectMapper mapper;
    private final CheckoutConfig.Start config;
    private final Duration reconcileAge;
    private final Clock clock;
    private final Vertx vertx;
    private volatile boolean running;

    public ExecutionStarter(WorkflowEngineClient engine, PaymentRepository payments, Pool pool, ObjectMapper mapper,
            CheckoutConfig config, Clock clock, Vertx vertx) {
        this.engine = engine;
        this.payments = payments;
        this.pool = pool;
        this.mapper = mapper;
        this.config = config.start();
        this.reconcileAge = config.reconcile().age();
        this.clock = clock;
        this.vertx = vertx;
    }

    /**
     * Attempts to start {@code payment} (which the caller holds). On success the payment becomes PROCESSING in a
     * transaction that also runs {@code inSameTransaction}; when the engine cannot be reached the payment stays
     * PENDING with its next attempt scheduled, and {@code inSameTransaction} runs with it as it is then.
     *
     * @return what {@code inSameTransaction} returned
     */
    public <T> Uni<T> start(Payment payment, BiFunction<SqlConnection, Payment, Uni<T>> inSameTransaction) {
        return engine.create(argument(payment))
                .onItem().transformToUni(execution -> pool.withTransaction(tx -> {
                    OffsetDateTime now = now();
                    // The reconciler first looks at the execution once the payment has run this long.
                    return payments.recordExecution(tx, payment.id(), execution.name(), now.plus(reconcileAge), now)
                            .chain(updated -> updated.isPresent() ? Uni.createFrom().item(updated.get())
                                    // No longer PENDING: the saga completed it already (see PaymentState.PENDING).
                                    : payments.find(tx, payment.id()).map(p -> p.orElseThrow()))
                            .chain(p -> inSameTransaction.apply(tx, p));
                }))
                .onFailure(EngineException.class).recoverWithUni(e -> {
                    OffsetDateTime now = now();
                    Duration wait = backoff(payment.startAttempts());
                    LOG.warnf("Payment %s: execution not created (attempt %d), retrying in %s: %s", payment.id(),
                            payment.startAttempts(), wait, e.getMessage());
                    return pool.withTransaction(tx -> payments
                            .scheduleStartRetry(tx, payment.id(), now.plus(wait), e.getMessage(), now)
                            .chain(ignored -> payments.find(tx, payment.id())).map(p -> p.orElseThrow())
                            .chain(p -> inSameTransaction.apply(tx, p)));
                });
    }

    /**
     * One round of the loop: claims the payments whose start is due and attempts each.
     *
     * @return how many were claimed
     */
    public Uni<Integer> round() {
        OffsetDateTime now = now();
        return payments.claimDueStarts(now, now.plus(config.lease()), config.batchSize())
                .chain(claimed -> startAll(claimed).replaceWith(claimed.size()));
    }

    private Uni<Void> startAll(List<Payment> claimed) {
        if (claimed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        var attempts = claimed.stream()
                .map(p -> start(p, (tx, started) -> Uni.createFrom().item(started))
                        .onFailure().recoverWithItem(e -> {
                            // Storage trouble: the claim's lease makes the payment due again later.
                            LOG.errorf(e, "Payment %s: start attempt could not be recorded", p.id());
                            return p;
                        }))
                .toList();
        return Uni.join().all(attempts).andCollectFailures().replaceWithVoid();
    }

    /** Wait before the attempt after {@code attempts} failed ones: doubling from the initial backoff, capped, ±20%. */
    Duration backoff(int attempts) {
        long initial = config.initialBackoff().toMillis();
        long cap = config.maxBackoff().toMillis();
        int doublings = Math.clamp(attempts - 1, 0, 30);
        long base = Math.min(cap, initial * (1L << Math.min(doublings, 20)));
        long spread = base / 5;
        long jittered = base + (spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(-spread, spread + 1));
        return Duration.ofMillis(Math.clamp(jittered, 1, cap));
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        running = true;
        schedule(Duration.ZERO);
        LOG.infof("Execution starter running (poll every %s, lease %s)", config.pollInterval(), config.lease());
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    private void schedule(Duration wait) {
        if (!running) {
            return;
        }
        vertx.setTimer(Math.max(1, wait.toMillis()), id -> round().subscribe().with(
                claimed -> schedule(claimed >= config.batchSize() ? Duration.ZERO : config.pollInterval()),
                failure -> {
                    LOG.warnf("Execution starter round failed, next in %s: %s", config.pollInterval(),
                            failure.getMessage());
                    schedule(config.pollInterval());
                }));
    }

    private String argument(Payment payment) {
        try {
            return mapper.writeValueAsString(SagaArgument.of(payment));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
