package dev.baton.gateway;

import dev.baton.platform.testing.IsolatedEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every start of the gateway under test gets its own database, exchange and connection names. */
@WithTestResource(value = GatewayTestIsolation.class, scope = TestResourceScope.GLOBAL)
public class GatewayTestIsolation extends IsolatedEvents {

    public GatewayTestIsolation() {
        super("gateway");
    }
}
