package dev.baton.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of the payment gateway ({@code baton.gateway.*}). */
@ConfigMapping(prefix = "baton.gateway")
public interface GatewayConfig {

    /** How the simulated provider misbehaves for the test tokens {@code tok_slow} and {@code tok_flaky}. */
    Simulation simulation();

    /** The simulated provider's failure knobs. */
    interface Simulation {

        /**
         * How long the first authorize attempt per idempotency key with {@code tok_slow} waits before it answers.
         * Default 20s: longer than the task queue's 15 s minimum dispatch deadline, so the queue gives up on the
         * attempt and retries, and the retry (answered at once) overtakes it. The wait is a Vert.x timer: no thread
         * is held.
         */
        @WithDefault("20s")
        Duration slowDelay();

        /**
         * How many authorize attempts per idempotency key with {@code tok_flaky} answer 503 before one approves.
         * Default 2.
         */
        @WithDefault("2")
        int flakyFailures();

        /**
         * How many idempotency keys the simulator remembers attempts of ({@code tok_slow}, {@code tok_flaky}); the
         * oldest is forgotten first. The memory is per instance and lost on restart, which is fine for a simulator:
         * a forgotten key behaves like a new one. Default 10000.
         */
        @WithDefault("10000")
        int rememberedKeys();
    }
}
