package dev.baton.taskqueue.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.baton.taskqueue.support.TestTarget;
import dev.baton.taskqueue.support.TestTarget.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document is true: it lists exactly the operations the service serves, and every answer of every
 * operation (successes and errors), the request bodies that work, and the completion report the service sends all
 * validate against the schemas the document gives for them. The schemas forbid unlisted properties, so a field
 * added to an answer but not to the document fails here.
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final String V2 = "/v2/projects/{project}/locations/{location}";
    private static final Set<String> OPERATIONS = Set.of(
            "POST " + V2 + "/queues", "GET " + V2 + "/queues", "GET " + V2 + "/queues/{queue}",
            "PATCH " + V2 + "/queues/{queue}", "DELETE " + V2 + "/queues/{queue}",
            "POST " + V2 + "/queues/{queue}:pause", "POST " + V2 + "/queues/{queue}:resume",
            "POST " + V2 + "/queues/{queue}:purge",
            "POST " + V2 + "/queues/{queue}/tasks", "GET " + V2 + "/queues/{queue}/tasks",
            "GET " + V2 + "/queues/{queue}/tasks/{task}", "DELETE " + V2 + "/queues/{queue}/tasks/{task}",
            "POST " + V2 + "/queues/{queue}/tasks/{task}:run",
            "GET /.well-known/jwks.json", "GET /v2/jwks", "GET /.well-known/openid-configuration");

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig strict = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
            .build();
    private final Set<String> exercised = new TreeSet<>();
    private JsonNode document;

    private JsonNode document() throws Exception {
        if (document == null) {
            document = mapper.readTree(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                    .extract().asString());
        }
        return document;
    }

    private static Set<String> operationsOf(JsonNode doc) {
        var out = new TreeSet<String>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext();) {
            var path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                    out.add(method.toUpperCase() + " " + path.getKey());
                }
            });
        }
        return out;
    }

    @Test
    void document_listsExactlyTheOperationsServed() throws Exception {
        assertEquals(new TreeSet<>(OPERATIONS), operationsOf(document()));
        assertTrue(document().path("webhooks").has("completionReport"), "the completion report is documented");
    }

    /** Follows {@code $ref}s within the document. */
    private JsonNode resolve(JsonNode node) throws Exception {
        while (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            assertTrue(ref.startsWith("#/"), ref);
            node = document().at(ref.substring(1));
            assertTrue(!node.isMissingNode(), "dangling reference " + ref);
        }
        return node;
    }

    /** Validates {@code value} against a schema of the document, with the document's schemas reachable by $ref. */
    private void assertConforms(JsonNode schema, JsonNode value, String what) throws Exception {
        assertNotNull(schema, "no schema for " + what);
        ObjectNode root = mapper.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("$defs", document().path("components").path("schemas"));
        root.set("allOf", mapper.createArrayNode().add(schema));
        JsonNode rewritten = mapper.readTree(mapper.writeValueAsString(root)
                .replace("#/components/schemas/", "#/$defs/"));
        Set<ValidationMessage> errors = schemas.getSchema(rewritten, strict).validate(value);
        assertTrue(errors.isEmpty(), what + " does not match the document: " + errors + "\n" + value);
    }

    /**
     * Calls one operation: a request body that works must fit the documented request schema; the answer must have
     * the expected status, be documented for that status, and fit the documented response schema.
     */
    private JsonNode call(String method, String template, String path, String body, int status) throws Exception {
        JsonNode operation = document().path("paths").path(template).path(method.toLowerCase());
        assertTrue(!operation.isMissingNode(), method + " " + template + " is not documented");
        exercised.add(method + " " + template);
        var request = given().urlEncodingEnabled(false);
        if (body != null && status / 100 == 2) {
            // A request that works must be one the document allows (refused ones may or may not be).
            JsonNode requestBody = resolve(operation.path("requestBody"));
            assertConforms(requestBody.path("content").path("application/json").path("schema"), mapper.readTree(body),
                    "request of " + method + " " + template);
        }
        if (body != null) {
            request = request.contentType("application/json").body(body);
        }
        Response response = request.request(method, path);
        assertEquals(status, response.statusCode(), method + " " + path + ": " + response.asString());
        JsonNode documented = operation.path("responses").path(Integer.toString(status));
        assertTrue(!documented.isMissingNode(), method + " " + template + " does not document status " + status);
        JsonNode json = mapper.readTree(response.asString());
        assertConforms(resolve(documented).path("content").path("application/json").path("schema"), json,
                status + " answer of " + method + " " + template);
        return json;
    }

    @Test
    void everyOperation_answersAndRequestsThatWork_matchTheDocument() throws Exception {
        String project = "openapi-" + UUID.randomUUID().toString().substring(0, 8);
        String parent = "/v2/projects/" + project + "/locations/us-central1";
        String queue = parent + "/queues/q";
        String queueName = queue.substring(4);
        try (var target = new TestTarget()) {
            target.on("/work", hit -> new Reply(500, "not yet", Map.of()));

            call("POST", V2 + "/queues", parent + "/queues", "{\"name\":\"" + queueName + "\",\"rateLimits\":{"
                    + "\"maxDispatchesPerSecond\":20,\"maxConcurrentDispatches\":5},\"retryConfig\":{\"maxAttempts\":-1,"
                    + "\"minBackoff\":\"3600s\",\"maxBackoff\":\"3600s\",\"maxRetryDuration\":\"0s\"}}", 200);
            call("POST", V2 + "/queues", parent + "/queues", "{\"name\":\"" + queueName + "2\"}", 200);
            call("POST", V2 + "/queues", parent + "/queues", "{\"name\":\"" + queueName + "\"}", 409);
            call("POST", V2 + "/queues", parent + "/queues", "{\"name\":\"" + queueName + "\",\"rateLimits\":{"
                    + "\"maxDispatchesPerSecond\":0.5,\"maxBurstSize\":0}}", 409);
            JsonNode page = call("GET", V2 + "/queues", parent + "/queues?pageSize=1&filter=state:%20RUNNING", null, 200);
            call("GET", V2 + "/queues", parent + "/queues?pageToken=" + page.get("nextPageToken").asText(), null, 200);
            call("GET", V2 + "/queues", parent + "/queues?pageSize=-1", null, 400);
            call("GET", V2 + "/queues/{queue}", queue, null, 200);
            call("GET", V2 + "/queues/{queue}", parent + "/queues/missing", null, 404);
            call("GET", V2 + "/queues/{queue}", parent + "/queues/bad_id", null, 400);
            call("PATCH", V2 + "/queues/{queue}", queue + "?updateMask=retryConfig.maxDoublings",
                    "{\"retryConfig\":{\"maxDoublings\":3}}", 200);
            call("PATCH", V2 + "/queues/{queue}", queue, "{\"rateLimits\":{\"maxDispatchesPerSecond\":-1}}", 400);
            call("POST", V2 + "/queues/{queue}:pause", queue + ":pause", null, 200);
            call("POST", V2 + "/queues/{queue}:pause", parent + "/queues/missing:pause", null, 404);

            String schedule = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.MILLIS).toString();
            String task = "{\"task\":{\"name\":\"" + queueName + "/tasks/t\",\"scheduleTime\":\"" + schedule + "\","
                    + "\"dispatchDeadline\":\"30s\",\"httpRequest\":{\"url\":\"" + target.url("/work") + "\","
                    + "\"httpMethod\":\"PUT\",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"e30=\","
                    + "\"oidcToken\":{\"serviceAccountEmail\":\"w@p.iam\",\"audience\":\"https://a\"}},"
                    + "\"completionReport\":{\"url\":\"" + target.url("/report") + "\"}},\"responseView\":\"FULL\"}";
            call("POST", V2 + "/queues/{queue}/tasks", queue + "/tasks", task, 200);
            call("POST", V2 + "/queues/{queue}/tasks", queue + "/tasks", task, 409);
            call("POST", V2 + "/queues/{queue}/tasks", queue + "/tasks",
                    "{\"task\":{\"httpRequest\":{\"url\":\"" + target.url("/work") + "\",\"httpMethod\":4}},"
                            + "\"responseView\":2}", 200);
            call("POST", V2 + "/queues/{queue}/tasks", queue + "/tasks", "{\"task\":{\"httpRequest\":{\"url\":"
                    + "\"ftp://x\"}}}", 400);
            call("POST", V2 + "/queues/{queue}/tasks", parent + "/queues/missing/tasks", "{\"task\":{\"httpRequest\":"
                    + "{\"url\":\"http://h/\"}}}", 404);
            call("GET", V2 + "/queues/{queue}/tasks", queue + "/tasks?responseView=FULL&pageSize=1", null, 200);
            call("GET", V2 + "/queues/{queue}/tasks", parent + "/queues/missing/tasks", null, 404);
            call("GET", V2 + "/queues/{queue}/tasks", queue + "/tasks?pageToken=%21", null, 400);

            call("POST", V2 + "/queues/{queue}/tasks/{task}:run", queue + "/tasks/t:run", "{\"responseView\":\"BASIC\"}",
                    200);
            call("POST", V2 + "/queues/{queue}/tasks/{task}:run", queue + "/tasks/ghost:run", "{}", 404);
            await().atMost(Duration.ofSeconds(5)).until(() -> given().get(queue + "/tasks/t").jsonPath()
                    .get("lastAttempt.responseStatus") != null);
            JsonNode attempted = call("GET", V2 + "/queues/{queue}/tasks/{task}", queue + "/tasks/t?responseView=FULL",
                    null, 200);
            assertEquals(13, attempted.at("/lastAttempt/responseStatus/code").asInt(), attempted.toString());
            call("GET", V2 + "/queues/{queue}/tasks/{task}", queue + "/tasks/ghost", null, 404);
            call("GET", V2 + "/queues/{queue}/tasks/{task}", queue + "/tasks/a.b", null, 400);

            call("POST", V2 + "/queues/{queue}:resume", queue + ":resume", null, 200);
            call("POST", V2 + "/queues/{queue}:resume", parent + "/queues/missing:resume", null, 404);
            call("DELETE", V2 + "/queues/{queue}/tasks/{task}", queue + "/tasks/t", null, 200);
            call("DELETE", V2 + "/queues/{queue}/tasks/{task}", queue + "/tasks/t", null, 404);
            call("DELETE", V2 + "/queues/{queue}/tasks/{task}", queue + "/tasks/a.b", null, 400);
            call("POST", V2 + "/queues/{queue}:purge", queue + ":purge", null, 200);
            call("POST", V2 + "/queues/{queue}:purge", parent + "/queues/bad_id:purge", null, 400);
            call("DELETE", V2 + "/queues/{queue}", queue, null, 200);
            call("DELETE", V2 + "/queues/{queue}", queue, null, 404);
            call("DELETE", V2 + "/queues/{queue}", parent + "/queues/bad_id", null, 400);
            call("GET", "/.well-known/jwks.json", "/.well-known/jwks.json", null, 200);
            call("GET", "/v2/jwks", "/v2/jwks", null, 200);
            call("GET", "/.well-known/openid-configuration", "/.well-known/openid-configuration", null, 200);

            // The deleted task's completion report, as a receiver gets it.
            await().atMost(Duration.ofSeconds(5)).until(() -> !target.hits("/report").isEmpty());
            JsonNode report = mapper.readTree(target.hits("/report").getFirst().bodyText());
            assertConforms(document().at("/webhooks/completionReport/post/requestBody/content/application~1json/schema"),
                    report, "completion report");
            assertEquals("DELETED", report.get("outcome").asText());
        }
        assertEquals(new TreeSet<>(OPERATIONS), exercised, "every documented operation was checked");
    }
}
