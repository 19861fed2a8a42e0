package dev.baton.ledger;

import dev.baton.platform.testing.IsolatedEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every start of ledger under test gets its own database, exchange and connection names. */
@WithTestResource(value = LedgerTestIsolation.class, scope = TestResourceScope.GLOBAL)
public class LedgerTestIsolation extends IsolatedEvents {

    public LedgerTestIsolation() {
        super("ledger");
    }
}
