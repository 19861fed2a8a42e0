package dev.baton.engine;

import dev.baton.engine.support.EngineTestIsolation;
import dev.baton.platform.testing.OperationalEndpointsContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(EngineTestIsolation.class)
class OperationalEndpointsTest extends OperationalEndpointsContract {
}
