package dev.baton.analytics;

import dev.baton.platform.testing.OperationalEndpointsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OperationalEndpointsTest extends OperationalEndpointsContract {
}
