package dev.baton.platform.inbox;

import dev.baton.platform.events.EventTransport;
import dev.baton.platform.events.EventsConfig;
import dev.baton.platform.events.WireMessage;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Where Knative Triggers deliver (HTTP transport): {@code POST /cloudevents} with a binary-mode (or structured)
 * CloudEvent, processed by the same inbox as RabbitMQ deliveries. Answers:
 *
 * <ul>
 *   <li>202 when applied, a duplicate, or dead-lettered after its attempts (the event is now our responsibility);</li>
 *   <li>400 when it is not a CloudEvent (recorded as a dead letter too): the sender should not retry;</li>
 *   <li>503 when the handler failed and attempts remain: the Broker retries by its delivery policy;</li>
 *   <li>404 when the transport is not {@code http}, so a misrouted Trigger is visible.</li>
 * </ul>
 */
@Path("/cloudevents")
@Tag(name = "events")
@IfBuildProperty(name = "baton.events.subscriber.enabled", stringValue = "true")
public class HttpEventResource {

    private final InboxProcessor processor;
    private final EventsConfig config;

    public HttpEventResource(InboxProcessor processor, EventsConfig config) {
        this.processor = processor;
        this.config = config;
    }

    /** One Trigger delivery. */
    @POST
    @Consumes("*/*")
    @Operation(summary = "Receive a CloudEvent from a Knative Trigger (binary or structured mode)")
    public Uni<Response> receive(@Context HttpHeaders headers, byte[] body) {
        if (config.transport() != EventTransport.HTTP) {
            return Uni.createFrom().item(Response.status(404).build());
        }
        var flat = new HashMap<String, String>();
        headers.getRequestHeaders().forEach((name, values) -> flat.put(name, String.join(",", values)));
        String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        var raw = WireMessage.fromHttp(flat, contentType, body);
        return processor.process(raw, EventTransport.HTTP).map(result -> switch (result.outcome()) {
            case APPLIED, DUPLICATE -> Response.accepted().build();
            case RETRY -> Response.status(503).entity(result.detail()).build();
            case DEAD -> result.detail() != null && result.detail().startsWith("malformed")
                    ? Response.status(400).entity(result.detail()).build()
                    : Response.accepted().build();
        });
    }
}
