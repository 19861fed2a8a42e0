package dev.baton.platform.inbox;

import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.Set;

/**
 * A subscriber's reaction to events. Implement it as an {@code @ApplicationScoped} bean; the platform binds the
 * subscriber's queue (or accepts HTTP deliveries) for exactly the {@link #types()} of all handler beans.
 *
 * <p>{@link #handle} runs inside the inbox transaction: its writes on {@code tx} commit together with the
 * inbox row that marks the event consumed, so an event is applied exactly once even though it may be delivered
 * many times. It must not block (it may run on an event loop) and should not have effects outside {@code tx}
 * (send mail from a table the handler writes, not from the handler).
 *
 * <p>Failures: a {@link PoisonEventException} dead-letters the event at once; any other failure rolls back and is
 * retried up to {@code baton.events.subscriber.max-attempts} times before the event is dead-lettered.
 */
public interface CloudEventHandler {

    /** The event types this handler consumes; each is bound as a routing key. */
    Set<String> types();

    /** Applies {@code event} using {@code tx}, the open inbox transaction. */
    Uni<Void> handle(CloudEvent event, SqlConnection tx);
}
