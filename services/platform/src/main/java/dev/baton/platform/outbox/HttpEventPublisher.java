package dev.baton.platform.outbox;

import dev.baton.platform.events.CloudEventCodec;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Publishes to a Knative Broker ingress (the {@code K_SINK} URL) as HTTP binary-mode CloudEvents, one POST per
 * event in order. The Broker answers 202 once it has stored the event; anything else fails the batch.
 */
public final class HttpEventPublisher implements EventPublisher {

    private final URI sink;
    private final Duration timeout;
    private final HttpClient client;

    /** @param sink the Broker ingress; @param timeout per request */
    public HttpEventPublisher(URI sink, Duration timeout) {
        this.sink = sink;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void publish(List<CloudEvent> events) throws Exception {
        for (CloudEvent event : events) {
            var message = CloudEventCodec.toHttp(event);
            var request = HttpRequest.newBuilder(sink)
                    .timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
            message.headers().forEach(request::header);
            if (message.contentType() != null) {
                request.header("Content-Type", message.contentType());
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("Sink %s answered %d to event %s: %s"
                        .formatted(sink, response.statusCode(), event.getId(), response.body()));
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
