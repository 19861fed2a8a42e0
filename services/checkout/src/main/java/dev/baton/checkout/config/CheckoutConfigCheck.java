package dev.baton.checkout.config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Refuses to start with a configuration that would break a promise: idempotency keys kept less than 24 h, a start
 * lease shorter than a create call with its retries (two attempts could then create two executions), a reconcile
 * lease not longer than an execution read (a look still in flight could be taken over), no API key.
 * Warns when a production instance still accepts the development API key.
 */
@Singleton
public class CheckoutConfigCheck {

    private static final Logger LOG = Logger.getLogger(CheckoutConfigCheck.class);
    /** The documented development key (README); fine locally, never in production. */
    static final String DEV_KEY = "baton-dev-key";
    static final Duration MIN_RETENTION = Duration.ofHours(24);

    void onStart(@Observes StartupEvent event, CheckoutConfig config) {
        check(config);
        if (LaunchMode.current() == LaunchMode.NORMAL && config.apiKeys().contains(DEV_KEY)) {
            LOG.warn("baton.checkout.api-keys still contains the development key; set BATON_CHECKOUT_API_KEYS");
        }
    }

    /** Throws {@link IllegalStateException} naming the key and the fix. */
    public static void check(CheckoutConfig config) {
        if (config.idempotency().retention().compareTo(MIN_RETENTION) < 0) {
            throw new IllegalStateException("baton.checkout.idempotency.retention must be at least 24h (clients may"
                    + " retry for a day), got " + config.idempotency().retention());
        }
        Duration budget = createBudget(config.engine().create());
        if (config.start().lease().compareTo(budget) <= 0) {
            throw new IllegalStateException("baton.checkout.start.lease (" + config.start().lease() + ") must exceed"
                    + " the longest create call with retries (" + budget + "), or a slow attempt and the starter"
                    + " could both create an execution");
        }
        Duration read = config.engine().read().timeout();
        if (config.reconcile().lease().compareTo(read) <= 0) {
            throw new IllegalStateException("baton.checkout.reconcile.lease (" + config.reconcile().lease() + ") must"
                    + " exceed baton.checkout.engine.read.timeout (" + read + "), or a look still reading the"
                    + " execution could be claimed again");
        }
        if (config.apiKeys().stream().allMatch(String::isBlank)) {
            throw new IllegalStateException("baton.checkout.api-keys lists no key: nobody could call the API");
        }
    }

    /** The longest a create call can take: every attempt hits its deadline and every retry waits its longest. */
    static Duration createBudget(CheckoutConfig.Create create) {
        return create.timeout().multipliedBy(create.maxRetries() + 1L)
                .plus(create.retryDelay().plus(create.retryJitter()).multipliedBy(create.maxRetries()));
    }
}
