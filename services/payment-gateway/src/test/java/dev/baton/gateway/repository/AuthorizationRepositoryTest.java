package dev.baton.gateway.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.gateway.Authorization;
import dev.baton.gateway.AuthorizationState;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The authorization state machine in the database: each transition moves only from the state it expects (a late or
 * duplicate command matches no row), and the CHECK constraints refuse rows no transition could produce.
 */
@QuarkusTest
class AuthorizationRepositoryTest {

    @Inject
    AuthorizationRepository authorizations;

    @Inject
    Pool pool;

    private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);

    private <T> T tx(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work).await().atMost(Duration.ofSeconds(10));
    }

    private Authorization stored(AuthorizationState state, String declineCode) {
        var a = new Authorization(UUID.randomUUID(), "key-" + UUID.randomUUID(), "pay-" + UUID.randomUUID(), "cus-1",
                1_000, "EUR", "tok_visa", state, declineCode, 0, 0, null, NOW, NOW);
        tx(c -> authorizations.insert(c, a));
        return a;
    }

    @Test
    void voidIfAuthorized_authorizedThenAgain_movesOnceThenMatchesNothing() {
        var a = stored(AuthorizationState.AUTHORIZED, null);
        var voided = tx(c -> authorizations.voidIfAuthorized(c, a.id(), "saga", NOW));
        assertEquals(AuthorizationState.VOIDED, voided.orElseThrow().state());
        assertEquals("saga", voided.orElseThrow().voidReason());
        assertEquals(Optional.empty(), tx(c -> authorizations.voidIfAuthorized(c, a.id(), "again", NOW)));
    }

    @Test
    void captureIfAuthorized_voidedOrAboveAmount_matchesNothing() {
        var voided = stored(AuthorizationState.AUTHORIZED, null);
        tx(c -> authorizations.voidIfAuthorized(c, voided.id(), "x", NOW));
        assertEquals(Optional.empty(), tx(c -> authorizations.captureIfAuthorized(c, voided.id(), 500, NOW)));

        var open = stored(AuthorizationState.AUTHORIZED, null);
        assertEquals(Optional.empty(), tx(c -> authorizations.captureIfAuthorized(c, open.id(), 1_001, NOW)));
        var captured = tx(c -> authorizations.captureIfAuthorized(c, open.id(), 1_000, NOW)).orElseThrow();
        assertEquals(AuthorizationState.CAPTURED, captured.state());
        assertEquals(Optional.empty(), tx(c -> authorizations.captureIfAuthorized(c, open.id(), 1_000, NOW)));
    }

    @Test
    void refundIfCaptured_partsThenRest_goesPartiallyRefundedThenRefundedAndNoFurther() {
        var a = stored(AuthorizationState.AUTHORIZED, null);
        assertEquals(Optional.empty(), tx(c -> authorizations.refundIfCaptured(c, a.id(), 100, NOW)),
                "nothing captured yet");
        tx(c -> authorizations.captureIfAuthorized(c, a.id(), 800, NOW));

        assertEquals(Optional.empty(), tx(c -> authorizations.refundIfCaptured(c, a.id(), 801, NOW)));
        var part = tx(c -> authorizations.refundIfCaptured(c, a.id(), 300, NOW)).orElseThrow();
        assertEquals(AuthorizationState.PARTIALLY_REFUNDED, part.state());
        assertEquals(500, part.refundableMinor());
        var rest = tx(c -> authorizations.refundIfCaptured(c, a.id(), 500, NOW)).orElseThrow();
        assertEquals(AuthorizationState.REFUNDED, rest.state());
        assertEquals(Optional.empty(), tx(c -> authorizations.refundIfCaptured(c, a.id(), 1, NOW)));
    }

    @Test
    void findByKeyForUpdate_declined_findsItByTheAuthorizeKey() {
        var a = stored(AuthorizationState.DECLINED, "stolen_card");
        var found = tx(c -> authorizations.findByKeyForUpdate(c, a.authorizeKey())).orElseThrow();
        assertEquals(a.id(), found.id());
        assertEquals("stolen_card", found.declineCode());
    }

    private String violatedConstraint(String sql, Tuple args) {
        var e = assertThrows(Exception.class, () -> pool.preparedQuery(sql).execute(args).await()
                .atMost(Duration.ofSeconds(10)));
        return e.getMessage();
    }

    @Test
    void checks_unknownStateOrDeclineCodeOutsideDeclined_areRefused() {
        String insert = "INSERT INTO payment_authorization (id, authorize_key, payment_id, customer_id, amount_minor,"
                + " currency, payment_method_token, state, decline_code, created_at, updated_at)"
                + " VALUES ($1, $2, 'p', 'c', 100, 'EUR', 'tok_visa', $3, $4, now(), now())";
        assertTrue(violatedConstraint(insert, Tuple.of(UUID.randomUUID(), "k-" + UUID.randomUUID(), "PENDING", null))
                .contains("payment_authorization_state_check"));
        assertTrue(violatedConstraint(insert, Tuple.of(UUID.randomUUID(), "k-" + UUID.randomUUID(), "AUTHORIZED",
                "stolen_card")).contains("payment_authorization_decline_check"));
        assertTrue(violatedConstraint(insert, Tuple.of(UUID.randomUUID(), "k-" + UUID.randomUUID(), "DECLINED", null))
                .contains("payment_authorization_decline_check"));
    }

    @Test
    void checks_refundedAboveCapturedOrStateDisagreeingWithTotals_areRefused() {
        var a = stored(AuthorizationState.AUTHORIZED, null);
        tx(c -> authorizations.captureIfAuthorized(c, a.id(), 500, NOW));
        assertTrue(violatedConstraint("UPDATE payment_authorization SET refunded_minor = 600, state = 'REFUNDED'"
                + " WHERE id = $1", Tuple.of(a.id())).contains("payment_authorization_refunded_check"));
        assertTrue(violatedConstraint("UPDATE payment_authorization SET refunded_minor = 500 WHERE id = $1",
                Tuple.of(a.id())).contains("payment_authorization_refunded_check"), "CAPTURED with refunds");
        assertTrue(violatedConstraint("UPDATE payment_authorization SET captured_minor = 2000 WHERE id = $1",
                Tuple.of(a.id())).contains("payment_authorization_captured_check"));
    }
}
