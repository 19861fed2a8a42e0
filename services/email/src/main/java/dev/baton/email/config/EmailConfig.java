package dev.baton.email.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Sending ({@code baton.email.*}); the SMTP connection itself is {@code quarkus.mailer.*}. */
@ConfigMapping(prefix = "baton.email")
public interface EmailConfig {

    /** From address of every mail, for example {@code Baton <receipts@baton.dev>}. */
    String from();

    /** How often MailSender looks for queued mail. Default 1s. */
    @WithDefault("1s")
    Duration sendInterval();

    /** Mails sent per round. Default 20. */
    @WithDefault("20")
    int batchSize();

    /** SMTP failures before a mail is marked FAILED. Default 5. */
    @WithDefault("5")
    int maxAttempts();

    /** Wait after a failed attempt, doubled per attempt. Default 10s. */
    @WithDefault("10s")
    Duration retryBackoff();

    /** Longest time one SMTP send may take before it counts as failed. Default 20s. */
    @WithDefault("20s")
    Duration sendTimeout();
}
