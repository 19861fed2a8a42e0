package dev.baton.engine.service;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.support.Api;
import dev.baton.engine.support.EngineTestIsolation;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The definitions directory deployed at start: created, new revision on change, broken files fail loudly. */
@QuarkusTest
@WithTestResource(EngineTestIsolation.class)
class DefinitionsDirectoryTest {

    @Inject
    DefinitionsDirectory directory;

    @Test
    void deploy_newChangedAndUnchangedFiles_createsThenRevisesOnlyOnChange(@TempDir Path dir) throws Exception {
        String id = "dir" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(dir.resolve(id + ".workflows.yaml"), "main:\n  steps:\n    - r:\n        return: 1\n");
        Files.writeString(dir.resolve("README.md"), "not a definition");
        assertEquals(List.of(id), directory.deploy(dir));
        assertEquals(List.of(), directory.deploy(dir));
        String first = given().get(Api.PARENT + "/workflows/" + id).then().statusCode(200).extract().path("revisionId");
        Files.writeString(dir.resolve(id + ".workflows.yaml"), "main:\n  steps:\n    - r:\n        return: 2\n");
        assertEquals(List.of(id), directory.deploy(dir));
        String second = given().get(Api.PARENT + "/workflows/" + id).then().statusCode(200).extract()
                .path("revisionId");
        assertTrue(first.startsWith("000001-") && second.startsWith("000002-"), first + " " + second);
        assertEquals("2", Api.awaitFinal(Api.start(id, null), java.time.Duration.ofSeconds(10)).getString("result"));
    }

    @Test
    void deploy_brokenFile_failsWithFileLineAndColumnAndDeploysNothing(@TempDir Path dir) throws Exception {
        String good = "good" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(dir.resolve(good + ".workflows.yaml"), "main:\n  steps:\n    - r:\n        return: 1\n");
        Path broken = dir.resolve("broken.workflows.yaml");
        Files.writeString(broken, "main:\n  steps:\n    - r:\n        next: nowhere\n");
        var e = assertThrows(IllegalStateException.class, () -> directory.deploy(dir));
        assertTrue(e.getMessage().contains(broken + ":4:"), e.getMessage());
        given().get(Api.PARENT + "/workflows/" + good).then().statusCode(404);
    }
}
