package dev.baton.checkout.service;

import dev.baton.checkout.config.CheckoutConfig;
import dev.baton.checkout.repository.IdempotencyKeyRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.jboss.logging.Logger;

/**
 * Deletes Idempotency-Keys older than {@code baton.checkout.idempotency.retention} (at least 24 h), every
 * {@code cleanup-interval}, in batches so one run never holds many locks. After that a key may be used again for a
 * new payment, as with Stripe. Payments themselves are kept.
 */
@ApplicationScoped
public class IdempotencyKeyReaper {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeyReaper.class);
    private static final int BATCH = 1000;

    private final IdempotencyKeyRepository keys;
    private final CheckoutConfig.Idempotency config;
    private final Clock clock;
    private final Vertx vertx;
    private long timer = -1;

    public IdempotencyKeyReaper(IdempotencyKeyRepository keys, CheckoutConfig config, Clock clock, Vertx vertx) {
        this.keys = keys;
        this.config = config.idempotency();
        this.clock = clock;
        this.vertx = vertx;
    }

    /** Deletes every key created more than the retention before {@code now}; returns how many went. */
    public Uni<Integer> reap(OffsetDateTime now) {
        OffsetDateTime before = now.minus(config.retention());
        return keys.deleteExpired(before, BATCH).chain(deleted -> deleted < BATCH ? Uni.createFrom().item(deleted)
                : reap(now).map(more -> deleted + more));
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(1, config.cleanupInterval().toMillis(), id -> reap(OffsetDateTime.now(clock))
                .subscribe().with(deleted -> {
                    if (deleted > 0) {
                        LOG.infof("Deleted %d idempotency keys older than %s", deleted, config.retention());
                    }
                }, failure -> LOG.warnf("Idempotency key cleanup failed, next in %s: %s", config.cleanupInterval(),
                        failure.getMessage())));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
