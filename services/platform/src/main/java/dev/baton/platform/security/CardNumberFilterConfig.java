package dev.baton.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Whether this deployable refuses card numbers in its requests ({@code baton.card-number-filter.*},
 * {@link CardNumberFilter}). Read at run time.
 */
@ConfigMapping(prefix = "baton.card-number-filter")
public interface CardNumberFilterConfig {

    /**
     * Search every request's query parameters and body for card numbers ({@link CardNumbers}) and answer 422
     * {@code card-number-refused} before the request is parsed, validated, stored or logged. Default false; true on
     * the deployables that take payment data from outside (checkout, payment-gateway, fraud). Env
     * {@code BATON_CARD_NUMBER_FILTER_ENABLED}.
     */
    @WithDefault("false")
    boolean enabled();
}
