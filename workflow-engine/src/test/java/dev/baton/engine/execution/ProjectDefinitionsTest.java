package dev.baton.engine.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.definition.DefinitionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The definitions this repository deploys (deploy/workflows) parse and validate as the engine runs them, so a
 * mistake in one fails here, with its line and column, instead of at the launcher's start.
 */
class ProjectDefinitionsTest {

    private static final Path DIR = Path.of("..", "deploy", "workflows");

    static Stream<Path> definitions() throws IOException {
        try (var files = Files.list(DIR)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().matches(".+\\.workflows\\.(ya?ml|json)"))
                    .sorted().toList();
            assertTrue(found.size() >= 2, "payment and payment-abort at least: " + found);
            return found.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void definition_asDeployed_parsesAndValidatesWithoutDiagnostics(Path file) throws IOException {
        try {
            var workflow = Definitions.parse(file.getFileName().toString(), Files.readString(file));
            assertTrue(workflow.subworkflows().containsKey("main"), file + " has main");
        } catch (DefinitionException e) {
            assertEquals("", e.getMessage(), file + " has diagnostics");
        }
    }
}
