package dev.baton.checkout;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Test profile: the start-pending loop does not run on its own, so only the test claims start-pending payments
 * (it calls {@code ExecutionStarter.round()}); the engine's circuit breakers stay open long enough to be observed
 * (tests reset them before and after).
 */
public class StarterLoopOff implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("baton.checkout.start.enabled", "false",
                "baton.checkout.engine.circuit-breaker.delay", "60s");
    }
}
