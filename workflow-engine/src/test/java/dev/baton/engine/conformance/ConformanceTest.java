package dev.baton.engine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.engine.definition.DefinitionParser;
import dev.baton.engine.definition.Workflow;
import dev.baton.engine.expression.Values;
import dev.baton.engine.runtime.Environment;
import dev.baton.engine.runtime.Interpreter;
import dev.baton.engine.testing.Cases;
import dev.baton.engine.testing.Driver;
import dev.baton.engine.testing.StubServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Google's portable workflows-samples, read from {@code ${baton.shared.dir}/conformance/workflows-samples}
 * at test time (never copied here). Each sample runs in its YAML and JSON form, straight through and with a
 * JSON round trip of the whole state at every suspension; all four runs must give the expected outcome, the
 * same requests and the same sleeps.
 */
class ConformanceTest {
    private static StubServer stub;

    @BeforeAll
    static void startStub() throws IOException {
        stub = new StubServer();
    }

    @AfterAll
    static void stopStub() {
        stub.close();
    }

    static Path samples() {
        String shared = System.getProperty("baton.shared.dir");
        return shared == null ? null : Path.of(shared, "conformance", "workflows-samples", "src");
    }

    static JsonNode expectations() throws IOException {
        try (InputStream in = ConformanceTest.class.getResourceAsStream("/conformance/expectations.yaml")) {
            return Cases.read(in);
        }
    }

    static Stream<String> sampleNames() throws IOException {
        List<String> names = new ArrayList<>();
        expectations().fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    @Test
    void expectations_coverEverySample_oneEntryPerSamplePair() throws IOException {
        Path dir = samples();
        assumeTrue(dir != null && Files.isDirectory(dir), "conformance samples absent: set baton.shared.dir to "
                + "the folder holding conformance/workflows-samples (skipping)");
        List<String> onDisk;
        try (Stream<Path> files = Files.list(dir)) {
            onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".workflows.yaml"))
                    .map(n -> n.substring(0, n.length() - ".workflows.yaml".length())).sorted().toList();
        }
        assertEquals(onDisk, sampleNames().sorted().toList());
        assertEquals(44, onDisk.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleNames")
    void sample_yamlAndJsonStraightAndRoundTrip_giveExpectedOutcome(String name) throws IOException {
        Path dir = samples();
        assumeTrue(dir != null && Files.isDirectory(dir), "conformance samples absent: set baton.shared.dir to "
                + "the folder holding conformance/workflows-samples (skipping)");
        Cases.Case c = Cases.of(name, expectations().get(name));
        List<Object> outcomes = new ArrayList<>();
        List<List<String>> requestLogs = new ArrayList<>();
        for (String format : List.of("yaml", "json")) {
            String file = name + ".workflows." + format;
            Workflow w = DefinitionParser.parse(file, Files.readString(dir.resolve(file)));
            for (boolean roundTrip : List.of(false, true)) {
                stub.routes(c.routes());
                Interpreter interpreter = new Interpreter(w, Environment.fixed(1_700_000_000, c.env()));
                Driver.Run run = new Driver(stub, c.callbacks()).run(interpreter, c.argument(), roundTrip);
                String label = file + (roundTrip ? " (round trip)" : " (straight)");
                assertEquals(!c.fails(), run.succeeded(), label + " ended with " + run.value());
                assertTrue(Cases.strictEqual(c.expected(), run.value()),
                        label + "\nexpected: " + c.expected() + "\nactual:   " + run.value());
                if (c.sleeps() != null) {
                    assertTrue(Values.equal(c.sleeps(), run.sleeps()), label + " sleeps " + run.sleeps());
                }
                if (c.requests() != null) {
                    assertEquals(c.requests(), stub.requests(), label);
                }
                outcomes.add(run.value());
                requestLogs.add(stub.requests().stream().sorted().toList());
            }
        }
        for (int i = 1; i < outcomes.size(); i++) {
            assertTrue(Cases.strictEqual(outcomes.getFirst(), outcomes.get(i)), "runs differ: " + outcomes);
            assertEquals(requestLogs.getFirst(), requestLogs.get(i));
        }
    }
}
