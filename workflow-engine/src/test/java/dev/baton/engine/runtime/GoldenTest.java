package dev.baton.engine.runtime;

import dev.baton.engine.definition.DefinitionParser;
import dev.baton.engine.definition.Workflow;
import dev.baton.engine.expression.Values;
import dev.baton.engine.testing.Cases;
import dev.baton.engine.testing.Driver;
import dev.baton.engine.testing.StubServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden cases in {@code src/test/resources/golden}: each file holds a workflow, its argument, stubs and the
 * expected result or error. Each runs straight through and with a JSON round trip at every suspension.
 */
class GoldenTest {
    private static StubServer stub;

    @BeforeAll
    static void startStub() throws IOException {
        stub = new StubServer();
    }

    @AfterAll
    static void stopStub() {
        stub.close();
    }

    static Stream<String> goldenFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(GoldenTest.class.getResource("/golden")).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void golden_straightAndRoundTrip_matchExpectedOutcome(String file) throws IOException {
        Cases.Case c;
        try (var in = GoldenTest.class.getResourceAsStream("/golden/" + file)) {
            c = Cases.of(file, Cases.read(in));
        }
        Workflow w = DefinitionParser.parse(file, c.workflow(), Set.of("tasks.call"));
        Object first = null;
        for (boolean roundTrip : new boolean[] {false, true}) {
            stub.routes(c.routes());
            Interpreter interpreter = new Interpreter(w, Environment.fixed(1_700_000_000, c.env()), Limits.GOOGLE,
                    Set.of("tasks.call"));
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
            if (c.maxPending() > 0) {
                assertEquals(c.maxPending(), run.maxPending(), label + " requests outstanding at once");
            }
            if (!roundTrip) {
                first = run.value();
            } else {
                assertTrue(Cases.strictEqual(first, run.value()));
            }
        }
    }
}
