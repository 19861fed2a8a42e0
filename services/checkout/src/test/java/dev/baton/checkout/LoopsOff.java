package dev.baton.checkout;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Test profile: neither background loop runs on its own, so only the test claims payments, for a start
 * ({@code ExecutionStarter.round()}) or a reconciliation ({@code SagaReconciler.round(now)}); the engine's circuit
 * breakers stay open long enough to be observed (tests reset them before and after).
 */
public class LoopsOff implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("baton.checkout.start.enabled", "false",
                "baton.checkout.reconcile.enabled", "false",
                "baton.checkout.engine.circuit-breaker.delay", "60s");
    }
}
