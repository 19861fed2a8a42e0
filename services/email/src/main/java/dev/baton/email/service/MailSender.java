package dev.baton.email.service;

import dev.baton.email.config.EmailConfig;
import dev.baton.email.repository.EmailMessageRepository;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Sends queued mail over SMTP, apart from event handling: a handler only queues (in its inbox transaction), so a
 * slow or failing SMTP server never holds up consumption or makes an event fail. Every
 * {@code baton.email.send-interval} one round claims due rows ({@code FOR UPDATE SKIP LOCKED}, so several
 * instances share the work), sends them one by one and records each outcome in the same transaction.
 *
 * <p>Delivery is at least once: if SMTP accepted a mail and the commit then failed, the mail is sent again.
 */
@ApplicationScoped
public class MailSender {

    private static final Logger LOG = Logger.getLogger(MailSender.class);

    private final Pool pool;
    private final EmailMessageRepository repository;
    private final ReactiveMailer mailer;
    private final EmailConfig config;
    private final Vertx vertx;
    private final AtomicBoolean busy = new AtomicBoolean();
    private long timer = -1;

    public MailSender(Pool pool, EmailMessageRepository repository, ReactiveMailer mailer, EmailConfig config,
            Vertx vertx) {
        this.pool = pool;
        this.repository = repository;
        this.mailer = mailer;
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.sendInterval().toMillis(), id -> {
            if (busy.compareAndSet(false, true)) {
                sendDue().subscribe().with(sent -> busy.set(false), error -> {
                    busy.set(false);
                    LOG.warnf("Sending mail failed: %s", error.getMessage());
                });
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One round: sends what is due; returns how many mails it claimed. */
    public Uni<Integer> sendDue() {
        return pool.withTransaction(tx -> repository.claimDue(tx, config.batchSize()).flatMap(due -> Multi.createFrom()
                .iterable(due)
                .onItem().transformToUniAndConcatenate(mail -> mailer.send(Mail.withText(mail.recipient(),
                                        mail.subject(), mail.text()).setHtml(mail.html()))
                        .ifNoItem().after(config.sendTimeout()).fail()
                        .flatMap(ignored -> repository.markSent(tx, mail.id()))
                        .onFailure().recoverWithUni(error -> {
                            long delay = config.retryBackoff().toMillis() << Math.min(mail.attempts(), 10);
                            LOG.warnf("SMTP refused mail %d to %s (attempt %d): %s", mail.id(), mail.recipient(),
                                    mail.attempts() + 1, error.getMessage());
                            return repository.recordFailure(tx, mail.id(), String.valueOf(error.getMessage()), delay,
                                    config.maxAttempts());
                        }))
                .collect().asList()
                .map(list -> due.size())));
    }
}
