package dev.baton.order;

import dev.baton.platform.testing.IsolatedEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every start of order under test gets its own database, exchange and connection names. */
@WithTestResource(value = OrderTestIsolation.class, scope = TestResourceScope.GLOBAL)
public class OrderTestIsolation extends IsolatedEvents {

    public OrderTestIsolation() {
        super("order");
    }
}
