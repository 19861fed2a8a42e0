package dev.baton.email.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.EventSchemas;
import dev.baton.contracts.EventTypes;
import dev.baton.email.Mails;
import dev.baton.email.repository.EmailMessageRepository;
import dev.baton.email.service.MailRenderer;
import dev.baton.platform.inbox.CloudEventHandler;
import dev.baton.platform.inbox.PoisonEventException;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Set;

/**
 * Email's subscription: a receipt for every confirmed order, a notice for every failed payment and every refund.
 * The mail is rendered and queued in the inbox transaction; {@code MailSender} sends it. Data violating the
 * shared contract is poison.
 */
@ApplicationScoped
public class EmailEventsHandler implements CloudEventHandler {

    private final MailRenderer renderer;
    private final EmailMessageRepository repository;
    private final ObjectMapper mapper;

    public EmailEventsHandler(MailRenderer renderer, EmailMessageRepository repository, ObjectMapper mapper) {
        this.renderer = renderer;
        this.repository = repository;
        this.mapper = mapper;
    }

    @Override
    public Set<String> types() {
        return Set.of(EventTypes.ORDER_CONFIRMED, EventTypes.PAYMENT_FAILED, EventTypes.PAYMENT_REFUNDED);
    }

    @Override
    public Uni<Void> handle(CloudEvent event, SqlConnection tx) {
        byte[] data = event.getData() == null ? new byte[0] : event.getData().toBytes();
        var violations = EventSchemas.validate(event.getType(), data);
        if (!violations.isEmpty()) {
            return Uni.createFrom().failure(new PoisonEventException("contract violation: " + String.join("; ", violations)));
        }
        Mails.Rendered mail;
        try {
            mail = switch (event.getType()) {
                case EventTypes.ORDER_CONFIRMED -> renderer.receipt(mapper.readValue(data, Mails.OrderConfirmed.class));
                case EventTypes.PAYMENT_FAILED -> renderer.paymentFailed(mapper.readValue(data, Mails.PaymentFailed.class));
                case EventTypes.PAYMENT_REFUNDED -> renderer.refund(mapper.readValue(data, Mails.PaymentRefunded.class));
                default -> throw new PoisonEventException("email does not consume " + event.getType());
            };
        } catch (IOException e) {
            return Uni.createFrom().failure(new PoisonEventException("unreadable data: " + e.getMessage(), e));
        }
        return repository.queue(tx, event.getSource().toString(), event.getId(), mail);
    }
}
