package dev.baton.loyalty.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.EventSchemas;
import dev.baton.contracts.EventTypes;
import dev.baton.loyalty.OrderCancelled;
import dev.baton.loyalty.OrderConfirmed;
import dev.baton.loyalty.PaymentRefunded;
import dev.baton.loyalty.service.PointsService;
import dev.baton.platform.inbox.CloudEventHandler;
import dev.baton.platform.inbox.PoisonEventException;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Loyalty's subscription: confirmed orders earn points, refunds reverse them, cancellations close refunds held for
 * orders that were never confirmed (see {@link dev.baton.loyalty.OrderPointsState}: the three arrive in any order).
 * Data is checked against the shared contract first; an event that violates it is poison and dead-lettered at once.
 */
@ApplicationScoped
public class LoyaltyEventsHandler implements CloudEventHandler {

    private final PointsService points;
    private final ObjectMapper mapper;

    public LoyaltyEventsHandler(PointsService points, ObjectMapper mapper) {
        this.points = points;
        this.mapper = mapper;
    }

    @Override
    public Set<String> types() {
        return Set.of(EventTypes.ORDER_CONFIRMED, EventTypes.ORDER_CANCELLED, EventTypes.PAYMENT_REFUNDED);
    }

    @Override
    public Uni<Void> handle(CloudEvent event, SqlConnection tx) {
        byte[] data = event.getData() == null ? new byte[0] : event.getData().toBytes();
        var violations = EventSchemas.validate(event.getType(), data);
        if (!violations.isEmpty()) {
            return Uni.createFrom().failure(new PoisonEventException("contract violation: " + String.join("; ", violations)));
        }
        OffsetDateTime at = event.getTime() != null ? event.getTime() : OffsetDateTime.now(ZoneOffset.UTC);
        try {
            return switch (event.getType()) {
                case EventTypes.ORDER_CONFIRMED -> points.earn(tx, mapper.readValue(data, OrderConfirmed.class), at);
                case EventTypes.ORDER_CANCELLED -> points.cancel(tx, mapper.readValue(data, OrderCancelled.class), at);
                case EventTypes.PAYMENT_REFUNDED -> points.reverse(tx, mapper.readValue(data, PaymentRefunded.class), at);
                default -> Uni.createFrom().failure(new PoisonEventException("loyalty does not consume " + event.getType()));
            };
        } catch (IOException e) {
            return Uni.createFrom().failure(new PoisonEventException("unreadable data: " + e.getMessage(), e));
        }
    }
}
