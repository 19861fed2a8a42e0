package dev.baton.platform.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.platform.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Applies a command at most once per idempotency key, Stripe-style, and lets a compensation undo it by that key.
 *
 * <p>{@link #apply}: the key is claimed, the effect applied, its events appended to the outbox and the response
 * stored, all in one local transaction. A retry with the same key and request gets the stored response again
 * without a second effect; the same key with another request (or another operation) is refused with 422. A
 * concurrent duplicate waits on the key's unique index for the first transaction, then replays what it committed.
 * A command that fails (a {@link ProblemException} or any other error) rolls back, key included, so a retry after
 * a transient error is applied afresh.
 *
 * <p>{@link #compensate}: a saga registers a compensation before its forward step runs, because a timeout leaves it
 * unknown whether the step happened. The compensation carries the forward step's key. In its transaction it
 * claims its own key and also writes a COMPENSATED tombstone under the forward key: when that succeeds the forward
 * command never applied (and now never will: a late forward command answers 409 {@code compensated}); when the
 * forward key is taken the forward effect exists and the compensation undoes it. A forward command still in flight
 * holds the key's row lock, so the compensation waits for it and sees its outcome.
 *
 * <p>Requires the platform schema ({@code baton.events.outbox.enabled=true}, which every command-taking service
 * has, since its effects emit events). Table: {@code baton_platform.command_log}.
 */
@ApplicationScoped
public class IdempotentCommands {

    /** What a command answered: HTTP status, JSON body, and whether it is a replay of an earlier answer. */
    public record Outcome(int status, String body, boolean replayed) {
    }

    /** The response of a freshly applied command; {@code body} is serialised with Jackson. */
    public record Result(int status, Object body) {
    }

    /** A compensation as recorded: its own key and operation. */
    public record Compensation(String key, String operation) {
    }

    /**
     * One row of the command log, for audits: {@code kind} APPLIED (a command or compensation that ran) or
     * COMPENSATED (a tombstone: the forward command under this key never applied); {@code status} is the stored
     * answer's HTTP status; {@code createdAt} is when its transaction began.
     */
    public record Entry(String key, String kind, String operation, String forwardKey, Integer status,
            java.time.OffsetDateTime createdAt) {
    }

    static final String APPLIED = "APPLIED";
    static final String COMPENSATED = "COMPENSATED";

    private final Pool pool;
    private final ObjectMapper mapper;
    private final Faults faults;

    public IdempotentCommands(Pool pool, ObjectMapper mapper, Faults faults) {
        this.pool = pool;
        this.mapper = mapper;
        this.faults = faults;
    }

    /**
     * Applies a forward command once per key.
     *
     * @param key       the idempotency key (see {@link IdempotencyKeys#require})
     * @param operation names the command and its target ({@code order.confirm:<id>}), so one key cannot be reused
     *                  for another command; fault rules match its part before the first colon
     * @param request   the request body (or null); its JSON form is hashed, and its {@code customerId} is what
     *                  fault rules match
     * @param effect    applies the command on the transaction's connection
     */
    public Uni<Outcome> apply(String key, String operation, Object request,
            Function<SqlConnection, Uni<Result>> effect) {
        String requestJson = json(request);
        String hash = hash(operation, requestJson);
        return faults.around(operation, requestJson, () -> pool.withTransaction(tx -> claim(tx, key, APPLIED,
                operation, hash, null).chain(claimed -> claimed
                        ? effect.apply(tx).chain(result -> complete(tx, key, result))
                        : replay(tx, key, hash))));
    }

    /**
     * Applies a compensation once per key and tells {@code effect} whether the forward command had applied.
     *
     * @param forwardKey the forward step's idempotency key, as the saga sent it
     * @param effect     gets the connection and {@code true} when the forward effect exists (undo it) or
     *                   {@code false} when it never applied (nothing to undo; the tombstone now blocks it)
     */
    public Uni<Outcome> compensate(String key, String operation, Object request, String forwardKey,
            BiFunction<SqlConnection, Boolean, Uni<Result>> effect) {
        if (key.equals(forwardKey)) {
            throw new ProblemException(422, "compensation-key-reused", "Compensation key equals the forward key",
                    "A compensation needs its own Idempotency-Key; '%s' is the forward step's".formatted(key));
        }
        String requestJson = json(request);
        String hash = hash(operation, requestJson);
        return faults.around(operation, requestJson, () -> pool.withTransaction(tx -> claim(tx, key, APPLIED,
                operation, hash, forwardKey).chain(claimed -> {
                    if (!claimed) {
                        return replay(tx, key, hash);
                    }
                    return claim(tx, forwardKey, COMPENSATED, operation, hash, null)
                            .chain(tombstoned -> tombstoned
                                    ? tombstone(tx, forwardKey).replaceWith(false)
                                    : forwardApplied(tx, forwardKey))
                            .chain(applied -> effect.apply(tx, applied))
                            .chain(result -> complete(tx, key, result));
                })));
    }

    /** The compensations that named {@code forwardKey}, oldest first. */
    public Uni<List<Compensation>> compensationsOf(String forwardKey) {
        return pool.preparedQuery(CommandLogQueries.CommandLogListCompensations).execute(Tuple.of(forwardKey))
                .map(rows -> {
                    var list = new ArrayList<Compensation>();
                    rows.forEach(r -> list.add(new Compensation(r.getString("idempotency_key"),
                            r.getString("operation"))));
                    return list;
                });
    }

    /** The command log entries whose key starts with {@code prefix} (a saga's keys share one), oldest first. */
    public Uni<List<Entry>> entries(String prefix, int limit) {
        String escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return pool.preparedQuery(CommandLogQueries.CommandLogListByPrefix).execute(Tuple.of(escaped, limit))
                .map(rows -> {
                    var list = new ArrayList<Entry>();
                    rows.forEach(r -> list.add(new Entry(r.getString("idempotency_key"), r.getString("kind"),
                            r.getString("operation"), r.getString("forward_key"), r.getInteger("response_status"),
                            r.getOffsetDateTime("created_at"))));
                    return list;
                });
    }

    private Uni<Boolean> claim(SqlConnection tx, String key, String kind, String operation, String hash,
            String forwardKey) {
        return tx.preparedQuery(CommandLogQueries.CommandLogClaim)
                .execute(Tuple.of(key, kind, operation, hash, forwardKey))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The forward key is taken: by the forward command, or by an earlier compensation's tombstone. */
    private Uni<Boolean> forwardApplied(SqlConnection tx, String forwardKey) {
        return tx.preparedQuery(CommandLogQueries.CommandLogFind).execute(Tuple.of(forwardKey))
                .map(rows -> !COMPENSATED.equals(rows.iterator().next().getString("kind")));
    }

    private Uni<Void> tombstone(SqlConnection tx, String forwardKey) {
        String body = json(java.util.Map.of("type", "urn:baton:problem:compensated", "title", "Compensated",
                "status", 409, "detail", "The command with Idempotency-Key '%s' was compensated before it applied"
                        .formatted(forwardKey)));
        return tx.preparedQuery(CommandLogQueries.CommandLogComplete).execute(Tuple.of(forwardKey, 409, body))
                .replaceWithVoid();
    }

    private Uni<Outcome> complete(SqlConnection tx, String key, Result result) {
        String body = json(result.body());
        return tx.preparedQuery(CommandLogQueries.CommandLogComplete).execute(Tuple.of(key, result.status(), body))
                .replaceWith(new Outcome(result.status(), body, false));
    }

    private Uni<Outcome> replay(SqlConnection tx, String key, String hash) {
        return tx.preparedQuery(CommandLogQueries.CommandLogFind).execute(Tuple.of(key)).map(rows -> {
            if (rows.size() == 0) {
                throw new IllegalStateException("Idempotency key vanished: " + key);
            }
            var r = rows.iterator().next();
            if (COMPENSATED.equals(r.getString("kind"))) {
                throw new ProblemException(409, "compensated", "Compensated",
                        "The command with Idempotency-Key '%s' was compensated (%s) before it applied; it will not apply"
                                .formatted(key, r.getString("operation")));
            }
            if (!hash.equals(r.getString("request_hash"))) {
                throw new ProblemException(422, "idempotency-key-reused", "Idempotency key reused",
                        "Idempotency-Key '%s' was already used for another request (%s); send a new key for a new request"
                                .formatted(key, r.getString("operation")));
            }
            return new Outcome(r.getInteger("response_status"), r.getString("response_body"), true);
        });
    }

    private static String hash(String operation, String requestJson) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update(operation.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(requestJson.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
