package dev.baton.engine.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The engine with the task queue {@link TaskQueueStandIn} (and its own database). */
public class StandInQueueProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TaskQueueStandIn.class), new TestResourceEntry(EngineTestIsolation.class));
    }
}
