package dev.baton.email.repository;

import dev.baton.email.Mails;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Persistence of queued mail; every method takes the caller's transaction. */
@ApplicationScoped
public class EmailMessageRepository {

    /** A claimed mail. */
    public record Due(long id, String recipient, String subject, String text, String html, int attempts) {
    }

    /** Queues a mail for the event {@code source}/{@code eventId}; a second call for the same event does nothing. */
    public Uni<Void> queue(SqlConnection tx, String source, String eventId, Mails.Rendered mail) {
        return tx.preparedQuery(EmailMessageQueries.EMAIL_MESSAGE_INSERT)
                .execute(Tuple.tuple().addString(source).addString(eventId).addString(mail.kind().name())
                        .addString(mail.recipient()).addString(mail.subject()).addString(mail.text())
                        .addString(mail.html()))
                .replaceWithVoid();
    }

    public Uni<List<Due>> claimDue(SqlConnection tx, int limit) {
        return tx.preparedQuery(EmailMessageQueries.EMAIL_MESSAGE_CLAIM_DUE).execute(Tuple.of(limit)).map(rows -> {
            var out = new ArrayList<Due>();
            rows.forEach(r -> out.add(new Due(r.getLong("id"), r.getString("recipient"), r.getString("subject"),
                    r.getString("text_body"), r.getString("html_body"), r.getInteger("attempts"))));
            return out;
        });
    }

    public Uni<Void> markSent(SqlConnection tx, long id) {
        return tx.preparedQuery(EmailMessageQueries.EMAIL_MESSAGE_MARK_SENT).execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Void> recordFailure(SqlConnection tx, long id, String error, long retryDelayMillis, int maxAttempts) {
        return tx.preparedQuery(EmailMessageQueries.EMAIL_MESSAGE_RECORD_FAILURE)
                .execute(Tuple.of(id, error, retryDelayMillis, maxAttempts)).replaceWithVoid();
    }
}
