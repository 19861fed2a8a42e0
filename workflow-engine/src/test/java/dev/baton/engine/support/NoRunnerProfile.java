package dev.baton.engine.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The engine without its runner: repository statements can be driven one by one with a chosen "now". */
public class NoRunnerProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("baton.engine.runner.enabled", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(EngineTestIsolation.class));
    }
}
