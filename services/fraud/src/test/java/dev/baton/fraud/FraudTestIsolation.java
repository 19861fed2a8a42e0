package dev.baton.fraud;

import dev.baton.platform.testing.IsolatedEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every start of fraud under test gets its own database, exchange and connection names. */
@WithTestResource(value = FraudTestIsolation.class, scope = TestResourceScope.GLOBAL)
public class FraudTestIsolation extends IsolatedEvents {

    public FraudTestIsolation() {
        super("fraud");
    }
}
