package dev.baton.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.Reader;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Knative manifests must describe the same ten deployables as the launcher: same databases, every peer URL,
 * the probes Quarkus serves, and min-scale 1 exactly where a background loop lives.
 */
class KnativeManifestTest {

    @Test
    @SuppressWarnings("unchecked")
    void services_everyDeployable_hasDatabasePeersProbesAndScale() throws Exception {
        Map<String, Map<String, Object>> byName = new HashMap<>();
        try (Reader r = Files.newBufferedReader(LauncherTest.ROOT.resolve("deploy/knative/services.yaml"))) {
            for (Object doc : new Yaml().loadAll(r)) {
                var m = (Map<String, Object>) doc;
                assertEquals("Service", m.get("kind"));
                byName.put((String) ((Map<String, Object>) m.get("metadata")).get("name"), m);
            }
        }
        assertEquals(Deployable.ALL.size(), byName.size());
        for (Deployable d : Deployable.ALL) {
            var service = byName.get("baton-" + d.name());
            assertNotNull(service, "Knative Service for " + d.name());
            var template = (Map<String, Object>) ((Map<String, Object>) service.get("spec")).get("template");
            var annotations = (Map<String, Object>) ((Map<String, Object>) template.get("metadata")).get("annotations");
            boolean alwaysOn = d.name().equals("task-queue") || d.name().equals("workflow-engine");
            assertEquals(alwaysOn ? "1" : "0", annotations.get("autoscaling.knative.dev/min-scale"), d.name());
            var container = ((List<Map<String, Object>>) ((Map<String, Object>) template.get("spec")).get("containers")).getFirst();
            assertEquals("baton/" + d.name() + ":native", container.get("image"));
            Map<String, String> env = new HashMap<>();
            for (var e : (List<Map<String, String>>) container.get("env")) {
                env.put(e.get("name"), e.get("value"));
            }
            assertEquals(d.database(), env.get("BATON_DB_NAME"), d.name());
            for (Deployable peer : Deployable.ALL) {
                assertEquals("http://baton-" + peer.name() + ".baton.svc.cluster.local", env.get(peer.urlVariable()),
                        d.name() + " knows " + peer.name());
            }
            assertEquals("/q/health/ready", probePath(container, "readinessProbe"));
            assertEquals("/q/health/live", probePath(container, "livenessProbe"));
        }
    }

    /**
     * Eventing mirrors the contract table in services/contracts/README.md: a Trigger for every (consumer, type)
     * pair and no other, each filtering on its type and delivering to the consumer's /cloudevents; a SinkBinding to
     * the Broker for every producer.
     */
    @Test
    @SuppressWarnings("unchecked")
    void eventing_contractTable_hasTriggerPerConsumerAndTypeAndSinkPerProducer() throws Exception {
        java.util.Set<String> expectedTriggers = new java.util.TreeSet<>();
        java.util.Set<String> producers = new java.util.TreeSet<>();
        for (String line : Files.readAllLines(LauncherTest.ROOT.resolve("services/contracts/README.md"))) {
            if (!line.startsWith("| `dev.baton.")) {
                continue;
            }
            String[] cells = line.split("\\|");
            String type = cells[1].trim().replace("`", "");
            producers.add(cells[2].trim());
            // "email (receipt), loyalty (points)": the names before each parenthesis; "(none yet)" names none.
            for (String consumer : cells[3].replaceAll("\\([^)]*\\)", "").split(",")) {
                if (!consumer.isBlank()) {
                    expectedTriggers.add(consumer.trim() + " <- " + type);
                }
            }
        }
        java.util.Set<String> triggers = new java.util.TreeSet<>();
        java.util.Set<String> sinks = new java.util.TreeSet<>();
        try (Reader r = Files.newBufferedReader(LauncherTest.ROOT.resolve("deploy/knative/eventing.yaml"))) {
            for (Object doc : new Yaml().loadAll(r)) {
                var m = (Map<String, Object>) doc;
                var spec = (Map<String, Object>) m.get("spec");
                switch ((String) m.get("kind")) {
                    case "Trigger" -> {
                        var subscriber = (Map<String, Object>) spec.get("subscriber");
                        String name = ((String) ((Map<String, Object>) subscriber.get("ref")).get("name"))
                                .replaceFirst("^baton-", "");
                        String type = (String) ((Map<String, Object>) ((Map<String, Object>) spec.get("filter"))
                                .get("attributes")).get("type");
                        assertEquals("/cloudevents", subscriber.get("uri"), name);
                        assertEquals("baton", spec.get("broker"), name);
                        triggers.add(name + " <- " + type);
                    }
                    case "SinkBinding" -> {
                        var subject = (Map<String, Object>) spec.get("subject");
                        var sink = (Map<String, Object>) ((Map<String, Object>) spec.get("sink")).get("ref");
                        assertEquals("Broker", sink.get("kind"));
                        sinks.add(((String) subject.get("name")).replaceFirst("^baton-", ""));
                    }
                    case "Broker" -> assertEquals("baton", ((Map<String, Object>) m.get("metadata")).get("name"));
                    default -> throw new AssertionError("unexpected kind " + m.get("kind"));
                }
            }
        }
        assertEquals(expectedTriggers, triggers);
        assertEquals(producers, sinks);
    }

    @SuppressWarnings("unchecked")
    private static Object probePath(Map<String, Object> container, String probe) {
        return ((Map<String, Object>) ((Map<String, Object>) container.get(probe)).get("httpGet")).get("path");
    }
}
