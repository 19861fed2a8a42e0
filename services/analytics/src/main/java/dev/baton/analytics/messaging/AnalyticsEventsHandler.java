package dev.baton.analytics.messaging;

import dev.baton.analytics.repository.ReadModelRepository;
import dev.baton.analytics.service.Projections;
import dev.baton.contracts.EventSchemas;
import dev.baton.contracts.EventTypes;
import dev.baton.platform.inbox.CloudEventHandler;
import dev.baton.platform.inbox.PoisonEventException;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Analytics' subscription: every payment, refund, fraud and saga event is appended to the event log and projected
 * into the read model in the inbox transaction. Data violating the shared contract is poison.
 */
@ApplicationScoped
public class AnalyticsEventsHandler implements CloudEventHandler {

    private final ReadModelRepository repository;
    private final Projections projections;

    public AnalyticsEventsHandler(ReadModelRepository repository, Projections projections) {
        this.repository = repository;
        this.projections = projections;
    }

    @Override
    public Set<String> types() {
        return Set.of(EventTypes.PAYMENT_SUCCEEDED, EventTypes.PAYMENT_FAILED, EventTypes.PAYMENT_REFUNDED,
                EventTypes.FRAUD_ASSESSED, EventTypes.SAGA_FINISHED);
    }

    @Override
    public Uni<Void> handle(CloudEvent event, SqlConnection tx) {
        byte[] bytes = event.getData() == null ? new byte[0] : event.getData().toBytes();
        var violations = EventSchemas.validate(event.getType(), bytes);
        if (!violations.isEmpty()) {
            return Uni.createFrom().failure(new PoisonEventException("contract violation: " + String.join("; ", violations)));
        }
        JsonObject data = new JsonObject(Buffer.buffer(bytes));
        OffsetDateTime time = event.getTime() != null ? event.getTime() : OffsetDateTime.now(ZoneOffset.UTC);
        return repository.log(tx, event.getSource().toString(), event.getId(), event.getType(), time, data)
                .flatMap(logged -> logged ? projections.apply(tx, event.getType(), time, data)
                        : Uni.createFrom().voidItem());
    }
}
