package dev.baton.loyalty.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The points rule ({@code baton.loyalty.*}). */
@ConfigMapping(prefix = "baton.loyalty")
public interface LoyaltyConfig {

    /**
     * Points earned per whole unit of an order's currency (1 EUR, 1 JPY), rounded down. Default 1. Changing it
     * applies to orders confirmed afterwards; points already earned keep their value, and refunds reverse in
     * proportion to what each order earned.
     */
    @WithDefault("1")
    long pointsPerUnit();
}
