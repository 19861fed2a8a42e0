package dev.baton.email;

import dev.baton.platform.testing.IsolatedEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every start of email under test gets its own database, exchange, queue and connection names. */
@WithTestResource(value = EmailTestIsolation.class, scope = TestResourceScope.GLOBAL)
public class EmailTestIsolation extends IsolatedEvents {

    public EmailTestIsolation() {
        super("email");
    }
}
