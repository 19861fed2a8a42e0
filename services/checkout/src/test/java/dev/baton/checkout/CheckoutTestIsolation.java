package dev.baton.checkout;

import dev.baton.platform.testing.IsolatedEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * Every start of checkout under test gets its own database, exchange and connection names, and the URL of a free
 * local port where {@link FakeEngine} plays the workflow engine.
 */
@WithTestResource(value = CheckoutTestIsolation.class, scope = TestResourceScope.GLOBAL)
public class CheckoutTestIsolation extends IsolatedEvents {

    public CheckoutTestIsolation() {
        super("checkout");
    }

    @Override
    public Map<String, String> start() {
        var config = new HashMap<>(super.start());
        try (var socket = new ServerSocket(0)) {
            config.put("baton.checkout.engine.url", "http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the fake engine", e);
        }
        return config;
    }
}
