package dev.baton.platform.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.platform.db.DatabaseBootstrap;
import dev.baton.platform.db.DatabaseConfig;
import dev.baton.platform.db.PlatformMigrations;
import dev.baton.platform.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command log against the real PostgreSQL, on a database of its own. Each test's effect inserts into a table
 * {@code effect}, so the assertions count what really committed.
 */
class IdempotentCommandsTest {

    record Db(String host, int port, String name, String user, Optional<String> password, String adminDatabase,
            boolean createIfMissing) implements DatabaseConfig {
        @Override
        public boolean cleanAtStart() {
            return false;
        }
    }

    record Req(String customerId, long amount) {
    }

    private static final Db DB = new Db("127.0.0.1", 5432,
            "platform_commands_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10), "postgres",
            Optional.empty(), "postgres", true);
    private static Vertx vertx;
    private static Pool pool;

    @BeforeAll
    static void database() throws Exception {
        DatabaseBootstrap.createIfMissing(DB);
        PlatformMigrations.migrate(DB);
        vertx = Vertx.vertx();
        pool = Pool.pool(vertx, new PgConnectOptions().setHost("127.0.0.1").setPort(5432).setDatabase(DB.name())
                .setUser("postgres"), new PoolOptions().setMaxSize(4));
        pool.query("CREATE TABLE effect (key text, what text)").execute().await().indefinitely();
    }

    @AfterAll
    static void drop() throws Exception {
        pool.closeAndAwait();
        vertx.closeAndAwait();
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB.name() + " WITH (FORCE)");
        }
    }

    private static IdempotentCommands commands(Faults faults) {
        return new IdempotentCommands(pool, new ObjectMapper(), faults);
    }

    private static IdempotentCommands commands() {
        return commands(new Faults(false, new ObjectMapper()));
    }

    private static Uni<IdempotentCommands.Result> record(SqlConnection tx, String key, String what) {
        return tx.preparedQuery("INSERT INTO effect VALUES ($1, $2)").execute(Tuple.of(key, what))
                .replaceWith(new IdempotentCommands.Result(201, Map.of("done", what)));
    }

    private static long effects(String key) {
        return pool.preparedQuery("SELECT count(*) FROM effect WHERE key = $1").execute(Tuple.of(key))
                .await().indefinitely().iterator().next().getLong(0);
    }

    private static String key() {
        return "k-" + UUID.randomUUID();
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void apply_sameKeyAndRequestTwice_appliesOnceAndReplaysResponse() {
        String key = key();
        var first = await(commands().apply(key, "thing.do:1", new Req("c1", 5), tx -> record(tx, key, "do")));
        var second = await(commands().apply(key, "thing.do:1", new Req("c1", 5), tx -> record(tx, key, "do")));

        assertEquals(1, effects(key));
        assertFalse(first.replayed());
        assertTrue(second.replayed());
        assertEquals(201, second.status());
        assertEquals("{\"done\":\"do\"}", second.body());
    }

    @Test
    void apply_sameKeyOtherRequest_refusedWith422() {
        String key = key();
        await(commands().apply(key, "thing.do:1", new Req("c1", 5), tx -> record(tx, key, "do")));

        var e = assertThrows(ProblemException.class,
                () -> await(commands().apply(key, "thing.do:1", new Req("c1", 6), tx -> record(tx, key, "do"))));
        assertEquals(422, e.problem().status());
        assertEquals(1, effects(key));
    }

    @Test
    void apply_effectFails_rollsBackKeySoRetryApplies() {
        String key = key();
        assertThrows(ProblemException.class, () -> await(commands().apply(key, "thing.do:1", new Req("c1", 5),
                tx -> record(tx, key, "do").chain(r -> Uni.createFrom()
                        .failure(new ProblemException(503, "busy", "Busy", "try later"))))));
        assertEquals(0, effects(key));

        var retry = await(commands().apply(key, "thing.do:1", new Req("c1", 5), tx -> record(tx, key, "do")));
        assertFalse(retry.replayed());
        assertEquals(1, effects(key));
    }

    @Test
    void apply_concurrentDuplicates_oneEffectBothSeeSameResponse() throws Exception {
        String key = key();
        var started = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var calls = new AtomicInteger();
        var first = commands().apply(key, "thing.do:1", new Req("c1", 5), tx -> record(tx, key, "do")
                .call(r -> Uni.createFrom().item(() -> {
                    calls.incrementAndGet();
                    started.countDown();
                    return r;
                }))
                .call(r -> Uni.createFrom().completionStage(() -> java.util.concurrent.CompletableFuture.runAsync(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })))).subscribeAsCompletionStage();
        started.await();
        var second = commands().apply(key, "thing.do:1", new Req("c1", 5), tx -> {
            calls.incrementAndGet();
            return record(tx, key, "do");
        }).subscribeAsCompletionStage();
        release.countDown();

        assertFalse(first.get().replayed());
        assertTrue(second.get().replayed());
        assertEquals(1, calls.get());
        assertEquals(1, effects(key));
    }

    @Test
    void compensate_afterForward_undoesWithForwardApplied() {
        String forward = key();
        String comp = key();
        await(commands().apply(forward, "thing.do:1", new Req("c1", 5), tx -> record(tx, forward, "do")));
        var seen = new AtomicReference<Boolean>();

        await(commands().compensate(comp, "thing.undo:1", new Req("c1", 5), forward, (tx, applied) -> {
            seen.set(applied);
            return record(tx, forward, "undo");
        }));

        assertEquals(Boolean.TRUE, seen.get());
        assertEquals(List.of(new IdempotentCommands.Compensation(comp, "thing.undo:1")),
                await(commands().compensationsOf(forward)));
    }

    @Test
    void compensate_beforeForward_tombstonesSoLateForwardGets409() {
        String forward = key();
        String comp = key();
        var seen = new AtomicReference<Boolean>();
        await(commands().compensate(comp, "thing.undo:1", new Req("c1", 5), forward, (tx, applied) -> {
            seen.set(applied);
            return Uni.createFrom().item(new IdempotentCommands.Result(200, Map.of("undone", false)));
        }));

        var late = assertThrows(ProblemException.class, () -> await(commands().apply(forward, "thing.do:1",
                new Req("c1", 5), tx -> record(tx, forward, "do"))));
        assertEquals(Boolean.FALSE, seen.get());
        assertEquals(409, late.problem().status());
        assertEquals("urn:baton:problem:compensated", late.problem().type());
        assertEquals(0, effects(forward));
    }

    @Test
    void compensate_twiceWithOtherKeysBeforeForward_secondAlsoSeesNoForward() {
        String forward = key();
        var seen = new AtomicReference<Boolean>();
        for (int i = 0; i < 2; i++) {
            await(commands().compensate(key(), "thing.undo:1", new Req("c1", 5), forward, (tx, applied) -> {
                seen.set(applied);
                return Uni.createFrom().item(new IdempotentCommands.Result(200, Map.of()));
            }));
        }
        assertEquals(Boolean.FALSE, seen.get());
    }

    @Test
    void compensate_ownKeyEqualsForwardKey_refusedWith422() {
        String key = key();
        var e = assertThrows(ProblemException.class, () -> commands().compensate(key, "thing.undo:1", null, key,
                (tx, applied) -> Uni.createFrom().item(new IdempotentCommands.Result(200, Map.of()))));
        assertEquals(422, e.problem().status());
    }

    @Test
    void faults_afterRuleMatchingCustomer_effectCommitsButCallerSeesStatus() {
        var faults = new Faults(true, new ObjectMapper());
        faults.add(new Faults.Rule("thing.do", "victim", 503, Faults.When.AFTER, 1));
        String key = key();
        String other = key();

        var e = assertThrows(ProblemException.class, () -> await(commands(faults).apply(key, "thing.do:1",
                new Req("victim", 5), tx -> record(tx, key, "do"))));
        await(commands(faults).apply(other, "thing.do:2", new Req("bystander", 5), tx -> record(tx, other, "do")));
        var again = await(commands(faults).apply(key, "thing.do:1", new Req("victim", 5), tx -> record(tx, key, "do")));

        assertEquals(503, e.problem().status());
        assertEquals(1, effects(key), "the effect committed despite the failure");
        assertEquals(1, effects(other));
        assertTrue(again.replayed(), "times=1: the next request replays the committed response");
        assertTrue(faults.rules().isEmpty());
    }

    @Test
    void faults_beforeRule_nothingApplied() {
        var faults = new Faults(true, new ObjectMapper());
        faults.add(new Faults.Rule("thing.do", null, null, null, null));
        String key = key();

        var e = assertThrows(ProblemException.class, () -> await(commands(faults).apply(key, "thing.do:1",
                new Req("anyone", 5), tx -> record(tx, key, "do"))));

        assertEquals(500, e.problem().status());
        assertEquals(0, effects(key));
        assertEquals(1, faults.rules().size(), "times=-1 stays in force");
    }

    @Test
    void entries_sagaPrefix_listsCommandsAndCompensationsInOrderWithoutOtherSagas() {
        String saga = "saga_" + UUID.randomUUID() + ":";
        String other = "sagaX" + saga.substring(5); // differs where the prefix has '_': LIKE must not treat it as a wildcard
        await(commands().apply(saga + "a", "thing.do:1", new Req("c1", 5), tx -> record(tx, saga + "a", "do")));
        await(commands().apply(other + "a", "thing.do:1", new Req("c1", 5), tx -> record(tx, other + "a", "do")));
        await(commands().compensate(saga + "undo_b", "thing.undo:1", new Req("c1", 5), saga + "b",
                (tx, applied) -> Uni.createFrom().item(new IdempotentCommands.Result(200, Map.of()))));

        var entries = await(commands().entries(saga, 10));

        // The compensation and its tombstone share a transaction, hence a time; the key breaks the tie.
        assertEquals(List.of(saga + "a", saga + "b", saga + "undo_b"),
                entries.stream().map(IdempotentCommands.Entry::key).toList());
        assertEquals(List.of("APPLIED", "COMPENSATED", "APPLIED"),
                entries.stream().map(IdempotentCommands.Entry::kind).toList());
        assertEquals(saga + "b", entries.get(2).forwardKey());
        assertEquals(409, entries.get(1).status());
    }
}
