package dev.baton.platform.outbox;

import io.cloudevents.CloudEvent;
import java.util.List;

/**
 * Sends a batch of events to the transport and returns only when the transport has taken responsibility for all
 * of them (RabbitMQ publisher confirms, HTTP 2xx). Implementations are used by one relay thread at a time.
 */
public interface EventPublisher extends AutoCloseable {

    /**
     * Publishes {@code events} in list order.
     *
     * @throws Exception when any event may not have been accepted; the relay then keeps the whole batch pending
     */
    void publish(List<CloudEvent> events) throws Exception;

    /** Releases connections. */
    @Override
    void close();
}
