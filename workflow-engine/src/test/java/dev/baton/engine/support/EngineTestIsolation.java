package dev.baton.engine.support;

import dev.baton.platform.testing.IsolatedEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every start of the engine under test gets its own database, exchange and connection names. */
@WithTestResource(value = EngineTestIsolation.class, scope = TestResourceScope.GLOBAL)
public class EngineTestIsolation extends IsolatedEvents {

    public EngineTestIsolation() {
        super("workflows");
    }
}
