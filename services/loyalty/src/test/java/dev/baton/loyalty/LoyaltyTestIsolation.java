package dev.baton.loyalty;

import dev.baton.platform.testing.IsolatedEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every start of loyalty under test gets its own database, exchange, queue and connection names. */
@WithTestResource(value = LoyaltyTestIsolation.class, scope = TestResourceScope.GLOBAL)
public class LoyaltyTestIsolation extends IsolatedEvents {

    public LoyaltyTestIsolation() {
        super("loyalty");
    }
}
