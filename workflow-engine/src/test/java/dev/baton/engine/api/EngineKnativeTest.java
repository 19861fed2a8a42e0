package dev.baton.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.contracts.EventSchemas;
import dev.baton.engine.support.Api;
import dev.baton.engine.support.EngineTestIsolation;
import dev.baton.engine.support.Target;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the {@code knative} profile changes for this engine: lifecycle events leave the outbox as HTTP binary-mode
 * CloudEvents POSTed to the sink ({@code K_SINK} there; a local server here), valid against their schemas.
 */
@QuarkusTest
@TestProfile(EngineKnativeTest.HttpTransport.class)
class EngineKnativeTest {

    /** JVM-wide, because Quarkus reads the profile in another class loader than the test's. */
    private static final String PORT_PROPERTY = "baton.test.knative-sink-port";

    static Target sink;

    /** The knative profile's event settings, with the sink a SinkBinding would inject played by a local server. */
    public static class HttpTransport implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("baton.events.transport", "http", "baton.events.sink",
                    "http://127.0.0.1:" + sinkPort() + "/broker");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EngineTestIsolation.class));
        }
    }

    private static synchronized int sinkPort() {
        String port = System.getProperty(PORT_PROPERTY);
        if (port == null) {
            try (var socket = new ServerSocket(0)) {
                port = Integer.toString(socket.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(PORT_PROPERTY, port);
        }
        return Integer.parseInt(port);
    }

    @BeforeAll
    static void startSink() throws IOException {
        sink = new Target(sinkPort());
    }

    @AfterAll
    static void stopSink() {
        sink.close();
    }

    @Test
    void execution_httpTransport_postsStartedAndSucceededCloudEventsToTheSink() {
        String wf = Api.deploy("""
                main:
                  steps:
                    - done:
                        return: 42
                """);
        String name = Api.start(wf, null);
        String id = name.substring(name.lastIndexOf('/') + 1);
        Api.awaitFinal(name, Duration.ofSeconds(10));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> ofExecution(id).size() == 2);
        List<Target.Request> events = ofExecution(id);
        assertEquals(List.of("dev.baton.workflow.execution.started.v1", "dev.baton.workflow.execution.succeeded.v1"),
                events.stream().map(r -> r.header("ce-type")).sorted().toList());
        for (Target.Request r : events) {
            assertEquals("POST", r.method());
            EventSchemas.requireValid(r.header("ce-type"), r.body().getBytes(StandardCharsets.UTF_8));
            assertEquals(id, new JsonObject(r.body()).getString("executionId"));
        }
    }

    private static List<Target.Request> ofExecution(String id) {
        return sink.requests("/broker").stream().filter(r -> id.equals(r.header("ce-subject"))).toList();
    }
}
