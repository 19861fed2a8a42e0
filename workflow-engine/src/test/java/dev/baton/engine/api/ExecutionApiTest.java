package dev.baton.engine.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.support.Api;
import dev.baton.engine.support.EngineTestIsolation;
import dev.baton.engine.support.Target;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Workflows and Executions REST APIs against the real runner and database. */
@QuarkusTest
@WithTestResource(EngineTestIsolation.class)
class ExecutionApiTest {

    static Target target;

    @BeforeAll
    static void startTarget() throws Exception {
        target = new Target();
    }

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    @Test
    void createExecution_pureWorkflow_succeedsWithResultAsJsonString() {
        String wf = Api.deploy("""
                main:
                  params: [args]
                  steps:
                    - greet:
                        return: ${"Hello " + args.name}
                """);
        String name = Api.start(wf, "{\"name\":\"World\"}");
        JsonPath e = Api.awaitFinal(name, Duration.ofSeconds(10));
        assertEquals("SUCCEEDED", e.getString("state"));
        assertEquals("\"Hello World\"", e.getString("result"));
        assertEquals("000001", e.getString("workflowRevisionId").substring(0, 6));
        assertTrue(e.getString("duration").endsWith("s"));
    }

    @Test
    void createWorkflow_brokenSource_answersInvalidArgumentWithLineAndColumn() {
        String id = "broken-" + System.nanoTime();
        given().contentType(ContentType.JSON).body(new JsonObject().put("sourceContents", """
                main:
                  steps:
                    - first:
                        next: nowhere
                """).encode()).post(Api.PARENT + "/workflows?workflowId=" + id)
                .then().statusCode(400).body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.message", containsString(id + ".yaml:4:"))
                .body("error.details[0].fieldViolations[0].description", containsString(id + ".yaml:4:"));
        given().get(Api.PARENT + "/workflows/" + id).then().statusCode(404)
                .body("error.status", equalTo("NOT_FOUND"));
    }

    @Test
    void createExecution_unknownWorkflow_answersNotFoundAndWritesNothing() {
        given().contentType(ContentType.JSON).body("{\"argument\":\"{}\"}")
                .post(Api.PARENT + "/workflows/nope-" + System.nanoTime() + "/executions")
                .then().statusCode(404).body("error.status", equalTo("NOT_FOUND"));
    }

    @Test
    void createExecution_oversizedOrMalformedArgument_answersInvalidArgument() {
        String wf = Api.deploy("main:\n  params: [a]\n  steps:\n    - r:\n        return: ${a}\n");
        String big = "{\"x\":\"" + "a".repeat(40_000) + "\"}";
        given().contentType(ContentType.JSON).body(new JsonObject().put("argument", big).encode())
                .post(Api.PARENT + "/workflows/" + wf + "/executions").then().statusCode(400)
                .body("error.message", equalTo("argument is 40008 bytes; the limit is 32768 bytes"));
        given().contentType(ContentType.JSON).body(new JsonObject().put("argument", "{nope").encode())
                .post(Api.PARENT + "/workflows/" + wf + "/executions").then().statusCode(400)
                .body("error.message", containsString("argument is not valid JSON"));
        given().get(Api.PARENT + "/workflows/" + wf + "/executions").then().statusCode(200)
                .body("executions.size()", equalTo(0));
    }

    @Test
    void execution_httpCallsAndSleep_resultsComeBackAndIdempotencyKeyIsStable() {
        target.on("/echo", r -> Target.Answer.json(200, "{\"seen\":\"" + r.header("Idempotency-Key") + "\"}"));
        String wf = Api.deploy("""
                main:
                  params: [args]
                  steps:
                    - call:
                        call: http.post
                        args:
                          url: ${args.url}
                          body: {a: 1}
                        result: r
                    - nap:
                        call: sys.sleep
                        args:
                          seconds: 0.2
                    - done:
                        return: ${r.body.seen}
                """);
        String name = Api.start(wf, new JsonObject().put("url", target.url("/echo")).encode());
        JsonPath e = Api.awaitFinal(name, Duration.ofSeconds(10));
        assertEquals("SUCCEEDED", e.getString("state"), e.prettify());
        String id = name.substring(name.lastIndexOf('/') + 1);
        assertEquals("\"" + id + ":main/call/0\"", e.getString("result"));
        JsonPath steps = given().get("/v1/" + name + "/stepEntries").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("call", "nap", "done"), steps.getList("stepEntries.step"));
        assertEquals(List.of("1", "2", "3"), steps.getList("stepEntries.entryId"));
        assertEquals(List.of("STEP_STD_LIB_CALL", "STEP_STD_LIB_CALL", "STEP_RETURN"),
                steps.getList("stepEntries.stepType"));
        assertEquals(List.of("STATE_SUCCEEDED", "STATE_SUCCEEDED", "STATE_SUCCEEDED"),
                steps.getList("stepEntries.state"));
        assertEquals(java.util.Arrays.asList("http.request", "sys.sleep", null), steps.getList("stepEntries.function"));
        assertEquals(java.util.Arrays.asList(1, 0, null), steps.getList("stepEntries.attempts"));
        assertEquals(3, steps.getInt("totalSize"));
        assertEquals(name + "/stepEntries/1", steps.getString("stepEntries[0].name"));
    }

    @Test
    void stepEntries_nestedStepsAndPaging_listParentsPagesAndOneEntry() {
        String wf = Api.deploy("""
                main:
                  steps:
                    - loop:
                        for:
                          value: i
                          in: [1, 2]
                          steps:
                            - twice:
                                call: double
                                args:
                                  x: ${i}
                    - fail:
                        try:
                          steps:
                            - boom:
                                raise: {message: nope, tags: [Mine]}
                        except:
                          as: e
                          steps:
                            - done:
                                return: ok
                double:
                  params: [x]
                  steps:
                    - calc:
                        return: ${x * 2}
                """);
        String name = Api.start(wf, null);
        assertEquals("SUCCEEDED", Api.awaitFinal(name, Duration.ofSeconds(10)).getString("state"));
        JsonPath all = given().get("/v1/" + name + "/stepEntries").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("loop", "twice", "calc", "twice", "calc", "fail", "boom", "done"),
                all.getList("stepEntries.step"));
        assertEquals(List.of("main", "main", "double", "main", "double", "main", "main", "main"),
                all.getList("stepEntries.routine"));
        // Top-level entries have no navigationInfo; the others name the step they ran in.
        assertEquals(List.of("1", "2", "1", "4", "6", "6"), all.getList("stepEntries.navigationInfo.parent"));
        assertEquals(List.of("loop", "fail"), all.getList("stepEntries.findAll { !it.navigationInfo }.step"));
        assertEquals(List.of("STATE_SUCCEEDED", "STATE_SUCCEEDED", "STATE_SUCCEEDED", "STATE_SUCCEEDED",
                "STATE_SUCCEEDED", "STATE_SUCCEEDED", "STATE_FAILED", "STATE_SUCCEEDED"),
                all.getList("stepEntries.state"));
        assertEquals(new JsonObject().put("message", "nope").put("tags", new io.vertx.core.json.JsonArray().add("Mine")),
                new JsonObject(all.getString("stepEntries[6].exception.payload")));

        JsonPath page = given().get("/v1/" + name + "/stepEntries?pageSize=3").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(List.of("1", "2", "3"), page.getList("stepEntries.entryId"));
        assertEquals("3", page.getString("nextPageToken"));
        JsonPath next = given().get("/v1/" + name + "/stepEntries?pageSize=3&skip=1&pageToken=3").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of("5", "6", "7"), next.getList("stepEntries.entryId"));
        assertEquals(8, next.getInt("totalSize"));

        given().get("/v1/" + name + "/stepEntries/7").then().statusCode(200).body("step", equalTo("boom"))
                .body("stepType", equalTo("STEP_RAISE")).body("navigationInfo.parent", equalTo("6"));
        given().get("/v1/" + name + "/stepEntries/99").then().statusCode(404)
                .body("error.status", equalTo("NOT_FOUND"));
        given().get("/v1/" + name + "/stepEntries?filter=state%3D%22FAILED%22").then().statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void execution_raisedError_failsWithPayloadAndContext() {
        String wf = Api.deploy("""
                main:
                  steps:
                    - boom:
                        raise:
                          message: no luck
                          tags: [MyError]
                """);
        JsonPath e = Api.awaitFinal(Api.start(wf, null), Duration.ofSeconds(10));
        assertEquals("FAILED", e.getString("state"));
        assertEquals("no luck", new JsonObject(e.getString("error.payload")).getString("message"));
        assertTrue(e.getString("error.context").startsWith("MyError: no luck"), e.getString("error.context"));
    }

    @Test
    void getEnv_googleVariablesAndUserEnvVars_areVisible() {
        String id = "env-" + System.nanoTime();
        given().contentType(ContentType.JSON).body(new JsonObject().put("sourceContents", """
                main:
                  steps:
                    - r:
                        return:
                          - ${sys.get_env("GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID")}
                          - ${sys.get_env("GOOGLE_CLOUD_WORKFLOW_ID")}
                          - ${sys.get_env("GOOGLE_CLOUD_PROJECT_ID")}
                          - ${sys.get_env("GOOGLE_CLOUD_LOCATION")}
                          - ${sys.get_env("GREETING")}
                          - ${sys.get_env("GOOGLE_CLOUD_WORKFLOW_REVISION_ID")}
                """).put("userEnvVars", new JsonObject().put("GREETING", "hi")).encode())
                .post(Api.PARENT + "/workflows?workflowId=" + id).then().statusCode(200);
        String name = Api.start(id, null);
        JsonPath e = Api.awaitFinal(name, Duration.ofSeconds(10));
        List<Object> values = new io.vertx.core.json.JsonArray(e.getString("result")).getList();
        assertEquals(List.of(name.substring(name.lastIndexOf('/') + 1), id, "test", "here", "hi",
                e.getString("workflowRevisionId")), values);
    }

    @Test
    void cancel_executionAwaitingCallback_isCancelledAndItsWaitIsClosed() {
        String wf = Api.deploy("""
                main:
                  steps:
                    - create:
                        call: events.create_callback_endpoint
                        result: cb
                    - wait:
                        call: events.await_callback
                        args:
                          callback: ${cb}
                          timeout: 86400
                """);
        String name = Api.start(wf, null);
        Api.awaitStep(name, "wait", Duration.ofSeconds(10));
        given().contentType(ContentType.JSON).body("{}").post("/v1/" + name + ":cancel").then().statusCode(200)
                .body("state", equalTo("CANCELLED"));
        JsonPath steps = given().get("/v1/" + name + "/stepEntries").then().extract().jsonPath();
        assertEquals(List.of("create", "wait"), steps.getList("stepEntries.step"));
        assertEquals(List.of("STATE_SUCCEEDED", "STATE_FAILED"), steps.getList("stepEntries.state"));
        assertEquals("{\"message\":\"the execution was cancelled during this step\"}",
                steps.getString("stepEntries[1].exception.payload"));
        given().contentType(ContentType.JSON).body("{}").post("/v1/" + name + ":cancel").then().statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"));
    }

    @Test
    void callbacks_deliveredDuplicateAndLate_answerOkTooManyRequestsAndNotFound() {
        String wf = Api.deploy("""
                main:
                  steps:
                    - create:
                        call: events.create_callback_endpoint
                        args:
                          http_callback_method: POST
                        result: cb
                    - log:
                        call: sys.log
                        args:
                          text: ${cb.url}
                    - wait:
                        call: events.await_callback
                        args:
                          callback: ${cb}
                          timeout: 3600
                        result: req
                    - nap:
                        call: sys.sleep
                        args:
                          seconds: 1
                    - done:
                        return: ${req.http_request.body.approved}
                """);
        String name = Api.start(wf, null);
        Api.awaitStep(name, "wait", Duration.ofSeconds(10));
        JsonPath callbacks = given().get("/v1/" + name + "/callbacks").then().statusCode(200).extract().jsonPath();
        String cbName = callbacks.getString("callbacks[0].name");
        assertEquals("1", callbacks.getString("callbacks[0].waiters"));
        String path = "/v1/" + cbName;
        given().body("{\"approved\":true}").contentType(ContentType.JSON).post(path).then().statusCode(401)
                .body("error.status", equalTo("UNAUTHENTICATED"));
        given().auth().oauth2("test-callback-token").contentType(ContentType.JSON).body("{\"approved\":true}")
                .post(path).then().statusCode(200).body(equalTo(""));
        Api.awaitStep(name, "nap", Duration.ofSeconds(10));
        // Nobody waits now: the first extra request is kept for a next await, the second is refused.
        given().auth().oauth2("test-callback-token").contentType(ContentType.JSON).body("{\"approved\":false}")
                .post(path).then().statusCode(200);
        given().auth().oauth2("test-callback-token").contentType(ContentType.JSON).body("{\"approved\":false}")
                .post(path).then().statusCode(429).body("error.status", equalTo("RESOURCE_EXHAUSTED"));
        JsonPath e = Api.awaitFinal(name, Duration.ofSeconds(10));
        assertEquals("true", e.getString("result"));
        given().auth().oauth2("test-callback-token").contentType(ContentType.JSON).body("{}").post(path).then()
                .statusCode(404).body("error.status", equalTo("NOT_FOUND"));
    }

    @Test
    void callback_createdForGet_refusesOtherMethodsWith405AndAcceptsGetWithAnEmptyAnswer() {
        String wf = Api.deploy("""
                main:
                  steps:
                    - create:
                        call: events.create_callback_endpoint
                        args:
                          http_callback_method: GET
                        result: cb
                    - wait:
                        call: events.await_callback
                        args:
                          callback: ${cb}
                          timeout: 3600
                        result: req
                    - done:
                        return:
                          method: ${req.http_request.method}
                          query: ${req.http_request.query}
                          advertised: ${cb.method}
                """);
        String name = Api.start(wf, null);
        Api.awaitStep(name, "wait", Duration.ofSeconds(10));
        JsonPath callbacks = given().get("/v1/" + name + "/callbacks").then().statusCode(200).extract().jsonPath();
        assertEquals("GET", callbacks.getString("callbacks[0].method"));
        String path = "/v1/" + callbacks.getString("callbacks[0].name");
        given().auth().oauth2("test-callback-token").contentType(ContentType.JSON).body("{}").post(path).then()
                .statusCode(405).header("Allow", "GET").body("error.code", equalTo(405))
                .body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.message", containsString("expects GET requests, not POST"));
        given().auth().oauth2("test-callback-token").put(path).then().statusCode(405).header("Allow", "GET");
        // Nothing was taken by the refused requests: the GET is the one the await receives.
        String answer = given().auth().oauth2("test-callback-token").queryParam("ok", "yes").get(path).then()
                .statusCode(200).extract().asString();
        assertEquals("", answer);
        JsonPath e = Api.awaitFinal(name, Duration.ofSeconds(10));
        assertEquals(new JsonObject().put("method", "GET").put("query", new JsonObject().put("ok", "yes"))
                .put("advertised", "GET"), new JsonObject(e.getString("result")));
    }

    @Test
    void createCallbackEndpoint_unknownMethod_raisesValueError() {
        String wf = Api.deploy("""
                main:
                  steps:
                    - create:
                        call: events.create_callback_endpoint
                        args:
                          http_callback_method: FETCH
                """);
        JsonPath e = Api.awaitFinal(Api.start(wf, null), Duration.ofSeconds(10));
        assertEquals("FAILED", e.getString("state"));
        JsonObject payload = new JsonObject(e.getString("error.payload"));
        assertEquals("events.create_callback_endpoint: http_callback_method must be one of GET, HEAD, POST, PUT,"
                + " DELETE, OPTIONS, PATCH, got 'FETCH'", payload.getString("message"));
        assertEquals(new io.vertx.core.json.JsonArray().add("ValueError"), payload.getJsonArray("tags"));
    }

    @Test
    void listExecutions_filterByState_returnsOnlyThatState() {
        String wf = Api.deploy("""
                main:
                  params: [a]
                  steps:
                    - s:
                        switch:
                          - condition: ${a.fail}
                            raise: nope
                    - r:
                        return: ok
                """);
        String ok = Api.start(wf, "{\"fail\":false}");
        String bad = Api.start(wf, "{\"fail\":true}");
        Api.awaitFinal(ok, Duration.ofSeconds(10));
        Api.awaitFinal(bad, Duration.ofSeconds(10));
        List<String> failed = given().queryParam("filter", "state=\"FAILED\"")
                .get(Api.PARENT + "/workflows/" + wf + "/executions").then().statusCode(200).extract()
                .jsonPath().getList("executions.name");
        assertEquals(List.of(bad), failed);
        Set<String> all = given().get(Api.PARENT + "/workflows/" + wf + "/executions?pageSize=1").then()
                .statusCode(200).extract().jsonPath().getList("executions.name", String.class).stream()
                .collect(Collectors.toSet());
        assertEquals(1, all.size());
        given().queryParam("filter", "labels.x=1").get(Api.PARENT + "/workflows/" + wf + "/executions").then()
                .statusCode(400).body("error.status", equalTo("INVALID_ARGUMENT"));
    }
}
