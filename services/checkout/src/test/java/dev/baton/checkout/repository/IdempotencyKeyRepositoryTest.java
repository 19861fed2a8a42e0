package dev.baton.checkout.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.checkout.Api;
import dev.baton.checkout.LineItem;
import dev.baton.checkout.NewPayment;
import dev.baton.checkout.LoopsOff;
import dev.baton.checkout.service.IdempotencyKeyReaper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Idempotency-Key table: one claim per key, one completion, stale recovery, and the 24 h reaper. */
@QuarkusTest
@TestProfile(LoopsOff.class)
class IdempotencyKeyRepositoryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final OffsetDateTime NOW = OffsetDateTime.of(2031, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    @Inject
    IdempotencyKeyRepository keys;

    @Inject
    PaymentRepository payments;

    @Inject
    IdempotencyKeyReaper reaper;

    @Inject
    Pool pool;

    /** Claims {@code key} for a new payment created at {@code at}; returns whether the claim won. */
    private boolean claim(String key, String hash, OffsetDateTime at) {
        UUID id = UUID.randomUUID();
        var p = new NewPayment(100, "EUR", "c", "c@example.com", "tok", List.of(new LineItem(null, "x", 1, 100)),
                null, null, null);
        return pool.withTransaction(tx -> keys.claim(tx, key, hash, id, at).call(won -> won
                ? payments.insert(tx, id, p, at.plusHours(1), at) : io.smallrye.mutiny.Uni.createFrom().nullItem()))
                .await().atMost(WAIT);
    }

    @Test
    void claim_sameKeyTwice_onlyTheFirstWinsAndKeepsItsHash() {
        String key = Api.id("k");
        assertTrue(claim(key, "h1", NOW));
        assertFalse(claim(key, "h2", NOW));
        var stored = keys.find(key).await().atMost(WAIT).orElseThrow();
        assertEquals("h1", stored.requestHash());
        assertFalse(stored.completed());
    }

    @Test
    void complete_onlyOnce_theFirstResponseStands() {
        String key = Api.id("k");
        claim(key, "h", NOW);
        assertTrue(keys.complete(pool, key, 202, "{\"a\":1}").await().atMost(WAIT));
        assertFalse(keys.complete(pool, key, 202, "{\"a\":2}").await().atMost(WAIT));
        var stored = keys.find(key).await().atMost(WAIT).orElseThrow();
        assertTrue(stored.completed());
        assertEquals("{\"a\":1}", stored.responseBody());
    }

    @Test
    void completeIfStale_onlyWhenTheHolderStartedBeforeTheLimit() {
        String key = Api.id("k");
        claim(key, "h", NOW);
        assertFalse(keys.completeIfStale(pool, key, 202, "{}", NOW.minusSeconds(1)).await().atMost(WAIT));
        assertTrue(keys.completeIfStale(pool, key, 202, "{}", NOW.plusSeconds(1)).await().atMost(WAIT));
    }

    @Test
    void reap_deletesKeysOlderThanTheRetentionOnly() {
        String old = Api.id("k");
        String young = Api.id("k");
        claim(old, "h", NOW.minusHours(25));
        claim(young, "h", NOW.minusHours(23));

        int deleted = reaper.reap(NOW).await().atMost(WAIT);

        assertTrue(deleted >= 1);
        assertTrue(keys.find(old).await().atMost(WAIT).isEmpty());
        assertTrue(keys.find(young).await().atMost(WAIT).isPresent());
    }
}
