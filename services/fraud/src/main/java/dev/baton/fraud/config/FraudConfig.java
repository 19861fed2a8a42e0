package dev.baton.fraud.config;

import dev.baton.fraud.Verdict;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fraud rules' knobs ({@code baton.fraud.*}). Every rule that fires adds a reason; the verdict is the worst.
 * Defaults are on each key; per-currency maps have their defaults in application.properties (EUR, USD and GBP).
 */
@ConfigMapping(prefix = "baton.fraud")
public interface FraudConfig {

    /**
     * Amount thresholds per ISO 4217 currency ({@code baton.fraud.amount.EUR.review=100000}). A payment above
     * {@code review} minor units is REVIEW, above {@code reject} REJECT. A currency without an entry is not
     * amount-checked. application.properties sets EUR, USD and GBP to review above 100000, reject above 500000.
     */
    Map<String, AmountThreshold> amount();

    /** Velocity: how much one customer, or one payment method token, may be assessed within a window. */
    Velocity velocity();

    /** Block-list seeds, written to the database (source CONFIG) at start; the API manages the rest. */
    Blocklist blocklist();

    /**
     * What a billing country different from the IP country asks for (both must be given). Default REVIEW.
     */
    @WithDefault("REVIEW")
    Verdict countryMismatch();

    /** Thresholds of one currency, in its minor units. */
    interface AmountThreshold {

        /** Above this amount the payment is REVIEW. */
        long review();

        /** Above this amount the payment is REJECT. */
        long reject();
    }

    /**
     * Velocity rules, counted from stored assessments: every attempt counts towards {@code max-count}; only approved
     * amounts count towards {@code max-amount} (a refused payment moved no money).
     */
    interface Velocity {

        /** The window that ends at the assessment's "now". Default 1 hour. */
        @WithDefault("PT1H")
        Duration window();

        /** What a breached velocity limit asks for. Default REVIEW. */
        @WithDefault("REVIEW")
        Verdict verdict();

        /** Limits per customer id. */
        Limit customer();

        /** Limits per payment method token. */
        Limit token();

        /** A count limit and per-currency amount limits; this assessment counts towards both. */
        interface Limit {

            /**
             * Most assessments within the window, this one included. Default 10. The system tests raise the token
             * limit (BATON_FRAUD_VELOCITY_TOKEN_MAX_COUNT) because every scenario pays with tok_visa.
             */
            @WithDefault("10")
            int maxCount();

            /**
             * Most approved money within the window per currency, this assessment included, in minor units
             * ({@code baton.fraud.velocity.customer.max-amount.EUR=750000}); a currency without an entry has no
             * amount limit. application.properties sets EUR, USD and GBP to 750000.
             */
            Map<String, Long> maxAmount();
        }
    }

    /** Seeds of the four block lists; each absent by default. */
    interface Blocklist {

        /** Customer ids to reject. */
        Optional<List<String>> customers();

        /** Payment method tokens to reject. */
        Optional<List<String>> tokens();

        /** E-mail domains to reject (subdomains included). */
        Optional<List<String>> emailDomains();

        /** ISO 3166-1 alpha-2 countries to reject, as billing or IP country. */
        Optional<List<String>> countries();
    }
}
