package dev.baton.engine.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.engine.support.Api;
import dev.baton.engine.support.Db;
import dev.baton.engine.support.EngineTestIsolation;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Durable timers with a controllable clock: an execution that sleeps for hours, or awaits a callback for days, is
 * held by no engine while it waits (no lease, no memory) and resumes when the clock reaches its due time.
 */
@QuarkusTest
@WithTestResource(EngineTestIsolation.class)
class TimersTest {

    @Inject
    Clock clock;

    @Inject
    Runner runner;

    @Test
    void sleepForHours_waitsReleasedAndFinishesWhenTheClockReachesTheWakeTime() throws Exception {
        String wf = Api.deploy("""
                main:
                  steps:
                    - nap:
                        call: sys.sleep
                        args:
                          seconds: 10800
                    - done:
                        return: awake
                """);
        String name = Api.start(wf, null);
        Api.awaitStep(name, "nap", Duration.ofSeconds(10));
        UUID id = UUID.fromString(name.substring(name.lastIndexOf('/') + 1));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                Db.rows("SELECT lease_owner FROM execution WHERE id = ?", id).getFirst().get("lease_owner") == null);
        assertEquals("ACTIVE", Api.get(name).getString("state"));
        clock.advance(Duration.ofHours(3).plusSeconds(1));
        runner.wake();
        JsonPath e = Api.awaitFinal(name, Duration.ofSeconds(10));
        assertEquals("\"awake\"", e.getString("result"));
    }

    @Test
    void awaitCallbackForDays_timesOutAsTimeoutErrorTheWorkflowCatches() {
        String wf = Api.deploy("""
                main:
                  steps:
                    - create:
                        call: events.create_callback_endpoint
                        result: cb
                    - wait:
                        try:
                          call: events.await_callback
                          args:
                            callback: ${cb}
                            timeout: 259200
                        except:
                          as: e
                          steps:
                            - timedOut:
                                return: ${e.tags[0]}
                """);
        String name = Api.start(wf, null);
        Api.awaitStep(name, "wait", Duration.ofSeconds(10));
        clock.advance(Duration.ofDays(3).plusSeconds(1));
        runner.wake();
        assertEquals("\"TimeoutError\"", Api.awaitFinal(name, Duration.ofSeconds(10)).getString("result"));
    }
}
