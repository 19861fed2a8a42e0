package dev.baton.analytics;

import dev.baton.platform.testing.IsolatedEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every start of analytics under test gets its own database, exchange, queue and connection names. */
@WithTestResource(value = AnalyticsTestIsolation.class, scope = TestResourceScope.GLOBAL)
public class AnalyticsTestIsolation extends IsolatedEvents {

    public AnalyticsTestIsolation() {
        super("analytics");
    }
}
