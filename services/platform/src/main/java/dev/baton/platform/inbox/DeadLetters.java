package dev.baton.platform.inbox;

import dev.baton.platform.events.EventTransport;
import dev.baton.platform.events.WireMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * Lists dead letters and replays them. A replay takes the message exactly as it was received and runs it through
 * the inbox again, with a fresh set of attempts; an event that dies again gets a new dead letter with the new
 * reason, so the history of every attempt stays visible.
 */
@ApplicationScoped
public class DeadLetters {

    private final Pool pool;
    private final InboxProcessor processor;

    public DeadLetters(Pool pool, InboxProcessor processor) {
        this.pool = pool;
        this.processor = processor;
    }

    /** Newest first; {@code state} null for all. */
    public Uni<List<DeadLetter>> list(DeadLetterState state, int limit) {
        return pool.preparedQuery(InboxQueries.DEAD_LETTER_LIST)
                .execute(Tuple.of(state == null ? null : state.name(), limit))
                .map(rows -> {
                    var out = new java.util.ArrayList<DeadLetter>();
                    rows.forEach(row -> out.add(toDeadLetter(row)));
                    return out;
                });
    }

    /**
     * Replays dead letter {@code id}.
     *
     * @throws NoSuchElementException (as the Uni's failure) when there is no such dead letter
     * @throws IllegalStateException (as the Uni's failure) when it was replayed already
     */
    public Uni<InboxResult> replay(long id) {
        return claimForReplay(id).flatMap(claimed -> processor.reprocess(claimed.message(), claimed.transport(),
                processor.maxAttempts()));
    }

    /** A dead letter's message, byte for byte, and the transport it came over. */
    record Claimed(WireMessage message, EventTransport transport) {
    }

    /** Marks the letter REPLAYED and gives its event fresh attempts, in one transaction. */
    Uni<Claimed> claimForReplay(long id) {
        return pool.withTransaction(tx -> tx.preparedQuery(InboxQueries.DEAD_LETTER_FIND).execute(Tuple.of(id))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().failure(new NoSuchElementException("No dead letter " + id));
                    }
                    Row row = rows.iterator().next();
                    DeadLetter letter = toDeadLetter(row);
                    var claimed = new Claimed(new WireMessage(letter.headers(), letter.contentType(),
                            row.getBuffer("body").getBytes()), EventTransport.valueOf(letter.transport()));
                    return tx.preparedQuery(InboxQueries.DEAD_LETTER_MARK_REPLAYED).execute(Tuple.of(id))
                            .flatMap(marked -> {
                                if (marked.rowCount() == 0) {
                                    return Uni.createFrom().failure(
                                            new IllegalStateException("Dead letter " + id + " was replayed already"));
                                }
                                if (letter.source() == null) {
                                    return Uni.createFrom().item(claimed);
                                }
                                return tx.preparedQuery(InboxQueries.INBOX_MESSAGE_REVIVE_DEAD)
                                        .execute(Tuple.of(letter.source(), letter.eventId()))
                                        .replaceWith(claimed);
                            });
                }));
    }

    private static DeadLetter toDeadLetter(Row row) {
        JsonObject json = row.getJsonObject("headers");
        Map<String, String> headers = new TreeMap<>();
        json.forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
        // Bodies are JSON or text in practice; replay uses the stored bytes, not this text.
        return new DeadLetter(row.getLong("id"), row.getString("source"), row.getString("event_id"),
                row.getString("type"), row.getString("reason"), row.getString("transport"),
                DeadLetterState.valueOf(row.getString("state")), row.getOffsetDateTime("dead_at"),
                row.getOffsetDateTime("replayed_at"), row.getString("content_type"), headers,
                new String(row.getBuffer("body").getBytes(), StandardCharsets.UTF_8));
    }
}
