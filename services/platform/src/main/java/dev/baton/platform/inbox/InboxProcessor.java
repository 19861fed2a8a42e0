package dev.baton.platform.inbox;

import dev.baton.platform.events.CloudEventCodec;
import dev.baton.platform.events.EventTransport;
import dev.baton.platform.events.EventsConfig;
import dev.baton.platform.events.MalformedEventException;
import dev.baton.platform.events.WireMessage;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Consumes one delivery, whatever the transport: decode, dedupe by CloudEvent source + id, run the handler in the
 * same transaction as the inbox row, and decide what the transport should do next ({@link InboxOutcome}).
 *
 * <p>Why attempts are counted here: RabbitMQ 3.10 classic queues redeliver a rejected message forever, and Knative
 * retries by its own policy; counting failures per event in the database bounds retries the same way on both.
 */
@ApplicationScoped
public class InboxProcessor {

    private static final Logger LOG = Logger.getLogger(InboxProcessor.class);

    private final Pool pool;
    private final int maxAttempts;
    private final Map<String, CloudEventHandler> handlers = new HashMap<>();

    public InboxProcessor(Pool pool, Instance<CloudEventHandler> handlerBeans, EventsConfig config) {
        this.pool = pool;
        this.maxAttempts = config.subscriber().maxAttempts();
        for (CloudEventHandler handler : handlerBeans) {
            for (String type : handler.types()) {
                CloudEventHandler previous = handlers.putIfAbsent(type, handler);
                if (previous != null) {
                    throw new IllegalStateException("Two handlers for " + type + ": "
                            + previous.getClass().getName() + " and " + handler.getClass().getName());
                }
            }
        }
    }

    /** Every event type some handler consumes, sorted: the queue's bindings. */
    public Set<String> subscribedTypes() {
        return new TreeSet<>(handlers.keySet());
    }

    /** Processes one delivery received over {@code transport}. Never fails for a handler error: see the outcome. */
    public Uni<InboxResult> process(WireMessage raw, EventTransport transport) {
        CloudEvent event;
        try {
            event = transport == EventTransport.RABBITMQ ? CloudEventCodec.fromAmqp(raw) : CloudEventCodec.fromHttp(raw);
        } catch (MalformedEventException e) {
            return deadLetter(null, raw, transport, "malformed CloudEvent: " + e.getMessage());
        }
        CloudEventHandler handler = handlers.get(event.getType());
        if (handler == null) {
            return deadLetter(event, raw, transport, "no handler for event type " + event.getType());
        }
        Tuple key = Tuple.of(event.getSource().toString(), event.getId(), event.getType());
        return pool.withTransaction(tx -> tx.preparedQuery(InboxQueries.INBOX_MESSAGE_MARK_PROCESSED).execute(key)
                        .flatMap(rows -> rows.rowCount() == 0
                                ? Uni.createFrom().item(InboxOutcome.DUPLICATE)
                                : handler.handle(event, tx).replaceWith(InboxOutcome.APPLIED)))
                .map(InboxResult::of)
                .onFailure().recoverWithUni(error -> failed(event, raw, transport, error));
    }

    /**
     * Processes a dead letter's message again (after {@link DeadLetters#claimForReplay}), retrying at once while
     * attempts remain, since there is no broker to redeliver it.
     */
    Uni<InboxResult> reprocess(WireMessage raw, EventTransport transport, int attemptsLeft) {
        return process(raw, transport).flatMap(result -> result.outcome() == InboxOutcome.RETRY && attemptsLeft > 1
                ? reprocess(raw, transport, attemptsLeft - 1)
                : Uni.createFrom().item(result));
    }

    int maxAttempts() {
        return maxAttempts;
    }

    private Uni<InboxResult> failed(CloudEvent event, WireMessage raw, EventTransport transport, Throwable error) {
        String message = describe(error);
        if (error instanceof PoisonEventException) {
            return deadLetter(event, raw, transport, "poison: " + message);
        }
        Tuple failure = Tuple.of(event.getSource().toString(), event.getId(), event.getType(), message);
        return pool.withTransaction(tx -> tx.preparedQuery(InboxQueries.INBOX_MESSAGE_RECORD_FAILURE).execute(failure))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(InboxResult.of(InboxOutcome.DUPLICATE));
                    }
                    int attempts = rows.iterator().next().getInteger("attempts");
                    if (attempts >= maxAttempts) {
                        return deadLetter(event, raw, transport,
                                "gave up after " + attempts + " attempts: " + message);
                    }
                    LOG.debugf("Event %s %s failed (attempt %d of %d): %s", event.getType(), event.getId(), attempts,
                            maxAttempts, message);
                    return Uni.createFrom().item(new InboxResult(InboxOutcome.RETRY, null, message));
                });
    }

    private Uni<InboxResult> deadLetter(CloudEvent event, WireMessage raw, EventTransport transport, String reason) {
        LOG.warnf("Dead-lettering %s: %s", event == null ? "an unreadable message" : event.getType() + " " + event.getId(),
                reason);
        var headers = new JsonObject();
        raw.headers().forEach(headers::put);
        Tuple letter = Tuple.tuple()
                .addString(event == null ? null : event.getSource().toString())
                .addString(event == null ? null : event.getId())
                .addString(event == null ? null : event.getType())
                .addString(reason)
                .addString(transport.name())
                .addJsonObject(headers)
                .addString(raw.contentType())
                .addBuffer(Buffer.buffer(raw.body()));
        return pool.withTransaction(tx -> {
            Uni<?> markDead = event == null
                    ? Uni.createFrom().voidItem()
                    : tx.preparedQuery(InboxQueries.INBOX_MESSAGE_MARK_DEAD).execute(Tuple.of(
                            event.getSource().toString(), event.getId(), event.getType(), reason));
            return markDead.flatMap(ignored -> tx.preparedQuery(InboxQueries.DEAD_LETTER_INSERT).execute(letter));
        }).map(rows -> new InboxResult(InboxOutcome.DEAD, rows.iterator().next().getLong("id"), reason));
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getName() : message;
    }
}
