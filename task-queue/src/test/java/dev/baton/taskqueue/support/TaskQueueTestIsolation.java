package dev.baton.taskqueue.support;

import dev.baton.platform.testing.IsolatedEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every start of the task queue under test gets its own database (dropped on stop). The dispatcher of a test
 * application claims every due task in its database, so two test runs sharing one (a local build next to the lead's
 * full build) would dispatch each other's tasks.
 */
@WithTestResource(value = TaskQueueTestIsolation.class, scope = TestResourceScope.GLOBAL)
public class TaskQueueTestIsolation extends IsolatedEvents {

    public TaskQueueTestIsolation() {
        super("taskqueue");
    }
}
