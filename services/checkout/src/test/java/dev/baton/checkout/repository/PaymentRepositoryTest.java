package dev.baton.checkout.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.checkout.Api;
import dev.baton.checkout.LineItem;
import dev.baton.checkout.NewPayment;
import dev.baton.checkout.Payment;
import dev.baton.checkout.PaymentState;
import dev.baton.checkout.LoopsOff;
import dev.baton.platform.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The payment table against the real PostgreSQL: guarded transitions, CHECK constraints mirroring
 * {@link PaymentState}, and the claims of the starter and the reconciler (due rows only, oldest first, lease, skip
 * locked). The background loops are off (profile {@link LoopsOff}) so only the test claims rows; times are passed
 * in, so the test controls "now" and uses dates no other test's rows have.
 */
@QuarkusTest
@TestProfile(LoopsOff.class)
class PaymentRepositoryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    PaymentRepository payments;

    @Inject
    Pool pool;

    private static final OffsetDateTime NOW = OffsetDateTime.of(2030, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    private static NewPayment newPayment(String customer) {
        return new NewPayment(1500, "JPY", customer, customer + "@example.com", "tok_1",
                List.of(new LineItem("SKU", "Tea", 3, 500)), null, "JP", "tea");
    }

    private Payment insert(String customer, OffsetDateTime startDue) {
        UUID id = UUID.randomUUID();
        return pool.withTransaction(tx -> payments.insert(tx, id, newPayment(customer), startDue, NOW))
                .await().atMost(WAIT);
    }

    /** PENDING to PROCESSING at {@link #NOW}, the first reconciliation due two minutes later. */
    private Optional<Payment> recordExecution(Payment p, String executionName) {
        return pool.withTransaction(tx -> payments.recordExecution(tx, p.id(), executionName, NOW.plusMinutes(2),
                NOW)).await().atMost(WAIT);
    }

    @Test
    void insert_newPayment_isPendingWithEveryFieldAsGiven() {
        String customer = Api.id("c");
        Payment p = insert(customer, NOW.plusMinutes(1));

        assertEquals(PaymentState.PENDING, p.state());
        assertEquals(customer, p.customerId());
        assertEquals(1500, p.amountMinor());
        assertEquals("JPY", p.currency());
        assertEquals(List.of(new LineItem("SKU", "Tea", 3, 500)), p.lineItems());
        assertNull(p.billingCountry());
        assertEquals("JP", p.ipCountry());
        assertEquals(NOW.plusMinutes(1).toInstant(), p.nextStartAt().toInstant());
        assertEquals(1, p.startAttempts());
        assertEquals(NOW.toInstant(), p.createdAt().toInstant());
        assertNull(p.executionName());
        assertNull(p.completedAt());
    }

    @Test
    void recordExecution_onlyFromPending_aSecondRecordChangesNothing() {
        Payment p = insert(Api.id("c"), NOW.plusHours(1));

        var first = recordExecution(p, "exec/1");
        var second = recordExecution(p, "exec/2");

        assertEquals(PaymentState.PROCESSING, first.orElseThrow().state());
        assertNull(first.orElseThrow().nextStartAt());
        assertEquals(NOW.plusMinutes(2).toInstant(), first.orElseThrow().nextReconcileAt().toInstant());
        assertTrue(second.isEmpty());
        assertEquals("exec/1", payments.find(p.id()).await().atMost(WAIT).orElseThrow().executionName());
    }

    @Test
    void succeedThenFail_secondTransitionIsRefused() {
        Payment p = insert(Api.id("c"), NOW.plusHours(1));
        recordExecution(p, "exec/1");

        var succeeded = pool.withTransaction(tx -> payments.succeed(tx, p.id(), "order-1", NOW)).await().atMost(WAIT);
        var failed = pool.withTransaction(tx -> payments.fail(tx, p.id(), "card_declined", null, "authorize", 1, null,
                NOW)).await().atMost(WAIT);

        assertEquals(PaymentState.SUCCEEDED, succeeded.orElseThrow().state());
        assertEquals(7, succeeded.orElseThrow().stepsDone());
        assertTrue(failed.isEmpty());
        var stored = payments.find(p.id()).await().atMost(WAIT).orElseThrow();
        assertEquals(PaymentState.SUCCEEDED, stored.state());
        assertNull(stored.failureReason());
        assertNull(stored.nextReconcileAt(), "a settled payment is not looked at again");
    }

    @Test
    void fail_fromProcessing_clearsTheReconciliation() {
        Payment p = insert(Api.id("c"), NOW.plusHours(1));
        recordExecution(p, "exec/1");
        var failed = pool.withTransaction(tx -> payments.fail(tx, p.id(), "saga_cancelled", null, null, null, null,
                NOW)).await().atMost(WAIT).orElseThrow();
        assertEquals(PaymentState.FAILED, failed.state());
        assertNull(failed.nextReconcileAt());
    }

    @Test
    void fail_fromPending_isAllowedAndClearsTheStart() {
        Payment p = insert(Api.id("c"), NOW.plusHours(1));
        var failed = pool.withTransaction(tx -> payments.fail(tx, p.id(), "fraud_rejected", "no", "assess_fraud", 0,
                null, NOW)).await().atMost(WAIT).orElseThrow();
        assertEquals(PaymentState.FAILED, failed.state());
        assertNull(failed.nextStartAt());
        assertEquals(NOW.toInstant(), failed.completedAt().toInstant());
    }

    @Test
    void checkConstraints_rejectStatesAndShapesTheEnumDoesNotAllow() {
        Payment p = insert(Api.id("c"), NOW.plusHours(1));
        assertViolates("payment_state_check", "UPDATE payment SET state = 'CAPTURED' WHERE id = ?", p.id());
        assertViolates("payment_processing_check", "UPDATE payment SET state = 'PROCESSING' WHERE id = ?", p.id());
        assertViolates("payment_succeeded_check",
                "UPDATE payment SET state = 'SUCCEEDED', completed_at = now(), steps_done = 7 WHERE id = ?", p.id());
        assertViolates("payment_completed_check", "UPDATE payment SET state = 'FAILED', failure_reason = 'x'"
                + " WHERE id = ?", p.id());
        assertViolates("payment_pending_check", "UPDATE payment SET next_start_at = NULL WHERE id = ?", p.id());
        assertViolates("payment_reconcile_check", "UPDATE payment SET next_reconcile_at = now() WHERE id = ?", p.id());
        recordExecution(p, "exec/1");
        assertViolates("payment_reconcile_check", "UPDATE payment SET next_reconcile_at = NULL WHERE id = ?", p.id());
    }

    private static void assertViolates(String constraint, String sql, UUID id) {
        var e = assertThrows(IllegalStateException.class, () -> TestDatabase.rows(sql, id));
        assertTrue(e.getMessage().contains(constraint), e.getMessage());
    }

    @Test
    void claimDueStarts_takesDueRowsOldestFirstAndHoldsThemForTheLease() {
        OffsetDateTime past = OffsetDateTime.of(2001, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        Payment later = insert(Api.id("c"), past.plusMinutes(2));
        Payment earlier = insert(Api.id("c"), past.plusMinutes(1));
        Payment notDue = insert(Api.id("c"), past.plusHours(1));
        OffsetDateTime now = past.plusMinutes(5);

        List<Payment> first = payments.claimDueStarts(now, now.plusMinutes(1), 1).await().atMost(WAIT);
        assertEquals(List.of(earlier.id()), ids(first), "the longest due goes first");
        assertEquals(2, first.getFirst().startAttempts());
        assertEquals(now.plusMinutes(1).toInstant(), first.getFirst().nextStartAt().toInstant());

        assertEquals(Set.of(later.id()), Set.copyOf(ids(payments.claimDueStarts(now, now.plusMinutes(1), 10)
                .await().atMost(WAIT))), "the claimed one is held for the lease");
        assertTrue(payments.claimDueStarts(now, now.plusMinutes(1), 10).await().atMost(WAIT).isEmpty());
        var afterLease = payments.claimDueStarts(now.plusMinutes(2), now.plusMinutes(3), 10).await().atMost(WAIT);
        assertEquals(Set.of(earlier.id(), later.id()), Set.copyOf(ids(afterLease)));
        assertEquals(PaymentState.PENDING, payments.find(notDue.id()).await().atMost(WAIT).orElseThrow().state());
        assertEquals(1, payments.find(notDue.id()).await().atMost(WAIT).orElseThrow().startAttempts());
    }

    @Test
    void claimDueStarts_rowLockedByAnotherTransaction_isSkipped() {
        OffsetDateTime past = OffsetDateTime.of(2002, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        Payment locked = insert(Api.id("c"), past);
        Payment free = insert(Api.id("c"), past.plusSeconds(1));

        var connection = pool.getConnection().await().atMost(WAIT);
        var tx = connection.begin().await().atMost(WAIT);
        try {
            connection.preparedQuery("SELECT id FROM payment WHERE id = $1 FOR UPDATE").execute(Tuple.of(locked.id()))
                    .await().atMost(WAIT);
            var claimed = payments.claimDueStarts(past.plusMinutes(1), past.plusMinutes(2), 10).await().atMost(WAIT);
            assertEquals(List.of(free.id()), ids(claimed));
        } finally {
            tx.rollback().await().atMost(WAIT);
            connection.close().await().atMost(WAIT);
        }
    }

    /** A PROCESSING payment whose first reconciliation is due at {@code reconcileAt}. */
    private Payment processing(OffsetDateTime reconcileAt) {
        Payment p = insert(Api.id("c"), NOW.plusHours(1));
        return pool.withTransaction(tx -> payments.recordExecution(tx, p.id(), "exec/" + p.id(), reconcileAt, NOW))
                .await().atMost(WAIT).orElseThrow();
    }

    @Test
    void claimDueReconciles_takesDueProcessingRowsOldestFirstAndHoldsThemForTheLease() {
        OffsetDateTime past = OffsetDateTime.of(2003, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        Payment later = processing(past.plusMinutes(2));
        Payment earlier = processing(past.plusMinutes(1));
        Payment notDue = processing(past.plusHours(1));
        Payment pending = insert(Api.id("c"), past);
        OffsetDateTime now = past.plusMinutes(5);

        List<Payment> first = payments.claimDueReconciles(now, now.plusMinutes(1), 1).await().atMost(WAIT);
        assertEquals(List.of(earlier.id()), ids(first), "the longest due goes first");
        assertEquals(now.plusMinutes(1).toInstant(), first.getFirst().nextReconcileAt().toInstant());
        assertEquals(PaymentState.PROCESSING, first.getFirst().state());

        assertEquals(List.of(later.id()), ids(payments.claimDueReconciles(now, now.plusMinutes(1), 10)
                .await().atMost(WAIT)), "the claimed one is held for the lease; PENDING ones are never claimed");
        assertTrue(payments.claimDueReconciles(now, now.plusMinutes(1), 10).await().atMost(WAIT).isEmpty());
        var afterLease = payments.claimDueReconciles(now.plusMinutes(2), now.plusMinutes(3), 10).await().atMost(WAIT);
        assertEquals(Set.of(earlier.id(), later.id()), Set.copyOf(ids(afterLease)));
        assertEquals(past.plusHours(1).toInstant(),
                payments.find(notDue.id()).await().atMost(WAIT).orElseThrow().nextReconcileAt().toInstant());
        assertEquals(PaymentState.PENDING, payments.find(pending.id()).await().atMost(WAIT).orElseThrow().state());
        settle(later, earlier, notDue);
    }

    /** Takes the rows out of every later claim (each claim test's now would find an earlier test's leftovers due). */
    private void settle(Payment... rows) {
        for (Payment p : rows) {
            pool.withTransaction(tx -> payments.succeed(tx, p.id(), "order-x", NOW)).await().atMost(WAIT);
        }
    }

    @Test
    void claimDueReconciles_rowLockedByAnotherTransaction_isSkipped() {
        OffsetDateTime past = OffsetDateTime.of(2004, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        Payment locked = processing(past);
        Payment free = processing(past.plusSeconds(1));

        var connection = pool.getConnection().await().atMost(WAIT);
        var tx = connection.begin().await().atMost(WAIT);
        try {
            connection.preparedQuery("SELECT id FROM payment WHERE id = $1 FOR UPDATE").execute(Tuple.of(locked.id()))
                    .await().atMost(WAIT);
            var claimed = payments.claimDueReconciles(past.plusMinutes(1), past.plusMinutes(2), 10)
                    .await().atMost(WAIT);
            assertEquals(List.of(free.id()), ids(claimed));
        } finally {
            tx.rollback().await().atMost(WAIT);
            connection.close().await().atMost(WAIT);
        }
        settle(locked, free);
    }

    @Test
    void scheduleReconcile_onlyWhileProcessing() {
        Payment p = processing(NOW.plusMinutes(2));
        assertTrue(payments.scheduleReconcile(p.id(), NOW.plusMinutes(7), NOW).await().atMost(WAIT));
        assertEquals(NOW.plusMinutes(7).toInstant(),
                payments.find(p.id()).await().atMost(WAIT).orElseThrow().nextReconcileAt().toInstant());

        pool.withTransaction(tx -> payments.succeed(tx, p.id(), "order-1", NOW)).await().atMost(WAIT);
        assertFalse(payments.scheduleReconcile(p.id(), NOW.plusMinutes(9), NOW).await().atMost(WAIT));
        assertNull(payments.find(p.id()).await().atMost(WAIT).orElseThrow().nextReconcileAt());
    }

    private static List<UUID> ids(List<Payment> payments) {
        return payments.stream().map(Payment::id).toList();
    }

    @Test
    void observeStep_movesOnlyForwardAndOnlyWhileProcessing() {
        Payment p = insert(Api.id("c"), NOW.plusHours(1));
        payments.observeStep(p.id(), "authorize").await().atMost(WAIT);
        assertNull(payments.find(p.id()).await().atMost(WAIT).orElseThrow().observedStep(), "PENDING: not recorded");

        recordExecution(p, "exec/1");
        payments.observeStep(p.id(), "capture").await().atMost(WAIT);
        payments.observeStep(p.id(), "authorize").await().atMost(WAIT);
        assertEquals("capture", payments.find(p.id()).await().atMost(WAIT).orElseThrow().observedStep());
        payments.observeStep(p.id(), "confirm_order").await().atMost(WAIT);
        assertEquals("confirm_order", payments.find(p.id()).await().atMost(WAIT).orElseThrow().observedStep());
    }

    @Test
    void scheduleStartRetry_onlyWhilePending() {
        Payment p = insert(Api.id("c"), NOW.plusHours(1));
        assertTrue(payments.scheduleStartRetry(pool, p.id(), NOW.plusMinutes(3), "down", NOW).await().atMost(WAIT));
        var stored = payments.find(p.id()).await().atMost(WAIT).orElseThrow();
        assertEquals(NOW.plusMinutes(3).toInstant(), stored.nextStartAt().toInstant());
        assertEquals("down", stored.lastStartError());

        recordExecution(p, "exec/1");
        assertFalse(payments.scheduleStartRetry(pool, p.id(), NOW.plusMinutes(9), "late", NOW).await().atMost(WAIT));
    }
}
