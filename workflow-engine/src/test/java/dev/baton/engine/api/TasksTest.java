package dev.baton.engine.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.EventSchemas;
import dev.baton.contracts.EventTypes;
import dev.baton.engine.support.Api;
import dev.baton.engine.support.Db;
import dev.baton.engine.support.StandInQueueProfile;
import dev.baton.engine.support.Target;
import dev.baton.engine.support.TaskQueueStandIn;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * tasks.call / tasks.create against {@link TaskQueueStandIn}, a stand-in for the task queue (the real queue is driven
 * in TasksRealQueueIT), plus the lifecycle events the executions leave in the outbox.
 */
@QuarkusTest
@TestProfile(StandInQueueProfile.class)
class TasksTest {

    static Target service;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void start() throws Exception {
        service = new Target();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @BeforeEach
    void engineBase() {
        TaskQueueStandIn.engineBase = "http://127.0.0.1:" + base.getPort();
    }

    private static final String SAGA = """
            main:
              params: [args]
              steps:
                - command:
                    try:
                      call: tasks.call
                      args:
                        url: ${args.url}
                        queue: saga-commands
                        body:
                          paymentId: ${args.paymentId}
                      result: r
                    except:
                      as: e
                      steps:
                        - failed:
                            return: {failed: '${e.code}', tags: '${e.tags}'}
                - done:
                    return: ${r}
            """;

    @Test
    void tasksCall_serviceAnswers_stepGetsDecodedResponseAndEventsAreInTheOutbox() throws Exception {
        service.on("/assess", r -> Target.Answer.json(200, "{\"verdict\":\"APPROVE\",\"key\":\""
                + r.header("Idempotency-Key") + "\"}"));
        String wf = Api.deploy(SAGA);
        String name = Api.start(wf, new JsonObject().put("url", service.url("/assess")).put("paymentId", "p-42")
                .encode());
        JsonPath e = Api.awaitFinal(name, Duration.ofSeconds(15));
        assertEquals("SUCCEEDED", e.getString("state"), e.prettify());
        JsonObject result = new JsonObject(e.getString("result"));
        String id = name.substring(name.lastIndexOf('/') + 1);
        assertEquals(200, result.getInteger("code"));
        assertEquals("APPROVE", result.getJsonObject("body").getString("verdict"));
        assertEquals(id + ":command", result.getJsonObject("body").getString("key"));
        JsonObject task = TaskQueueStandIn.current.tasks.stream()
                .filter(t -> t.getString("name").contains(id)).findFirst().orElseThrow();
        assertEquals("projects/baton/locations/local/queues/saga-commands/tasks/" + id + "-command-0-"
                        + task.getString("name").substring(task.getString("name").lastIndexOf('-') + 1),
                task.getString("name"));
        // baton.engine.tasks.oidc-service-account is set: the queue is asked for a token for the service's origin.
        String origin = service.url("/assess").substring(0, service.url("/assess").indexOf("/assess"));
        assertEquals(new JsonObject().put("serviceAccountEmail", "workflow-engine@baton.test").put("audience", origin),
                task.getJsonObject("httpRequest").getJsonObject("oidcToken"));

        List<Map<String, Object>> events = Db.rows("SELECT type, data FROM baton_platform.outbox_event"
                + " WHERE aggregate_id = ? ORDER BY id", id);
        assertEquals(List.of(EventTypes.WORKFLOW_EXECUTION_STARTED, EventTypes.WORKFLOW_EXECUTION_SUCCEEDED,
                EventTypes.SAGA_FINISHED), events.stream().map(r -> r.get("type")).toList());
        for (Map<String, Object> ev : events) {
            EventSchemas.requireValid((String) ev.get("type"), (byte[]) ev.get("data"));
        }
        assertEquals("p-42", new JsonObject(new String((byte[]) events.get(2).get("data"))).getString("paymentId"));
    }

    @Test
    void tasksCall_serviceFailsFinally_workflowCatchesHttpError() {
        service.on("/reject", r -> Target.Answer.json(422, "{\"title\":\"nope\"}"));
        String wf = Api.deploy(SAGA);
        JsonPath e = Api.awaitFinal(Api.start(wf, new JsonObject().put("url", service.url("/reject"))
                .put("paymentId", "p-7").encode()), Duration.ofSeconds(15));
        assertEquals("SUCCEEDED", e.getString("state"), e.prettify());
        assertEquals(new JsonObject("{\"failed\":422,\"tags\":[\"HttpError\"]}"),
                new JsonObject(e.getString("result")));
    }

    @Test
    void tasksCall_accepted202_waitsForTheServiceCallbackAndIgnoresDuplicates() throws Exception {
        service.on("/later", r -> Target.Answer.json(202, "{}"));
        String wf = Api.deploy(SAGA);
        String name = Api.start(wf, new JsonObject().put("url", service.url("/later")).put("paymentId", "p-9")
                .encode());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !service.requests("/later").isEmpty());
        String callbackUrl = service.requests("/later").getFirst().header("X-Baton-Callback-Url");
        String path = callbackUrl.replaceFirst("^http://[^/]+", "");
        // The 202 report must not complete the step: once the report was delivered it is still waiting.
        String id = name.substring(name.lastIndexOf('/') + 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> TaskQueueStandIn.current.reports.stream()
                .anyMatch(r -> r.getString("task").contains(id)));
        assertEquals("ACTIVE", Api.get(name).getString("state"));
        assertEquals(List.of("command"), Api.get(name).getList("status.currentSteps.step"));
        given().auth().oauth2(TaskQueueStandIn.current.token(callbackUrl)).contentType(ContentType.JSON)
                .body("{\"verdict\":\"LATE\"}").post(path).then().statusCode(200);
        JsonPath e = Api.awaitFinal(name, Duration.ofSeconds(10));
        assertEquals("LATE", new JsonObject(e.getString("result")).getJsonObject("body").getString("verdict"));
        // A late duplicate from the service changes nothing.
        given().auth().oauth2(TaskQueueStandIn.current.token(callbackUrl)).contentType(ContentType.JSON)
                .body("{\"verdict\":\"AGAIN\"}").post(path).then().statusCode(404);
        assertEquals(e.getString("result"), Api.get(name).getString("result"));
    }

    @Test
    void cancel_whileATaskIsOpen_cancelsTheExecutionAndDeletesTheTask() {
        service.on("/hold", r -> Target.Answer.json(202, "{}"));
        String wf = Api.deploy(SAGA);
        String name = Api.start(wf, new JsonObject().put("url", service.url("/hold")).put("paymentId", "p-c")
                .encode());
        String id = name.substring(name.lastIndexOf('/') + 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> TaskQueueStandIn.current.tasks.stream()
                .anyMatch(t -> t.getString("name").contains(id)));
        given().contentType(ContentType.JSON).body("{}").post("/v1/" + name + ":cancel").then().statusCode(200);
        Api.awaitFinal(name, Duration.ofSeconds(10));
        assertEquals("CANCELLED", Api.get(name).getString("state"));
        String task = TaskQueueStandIn.current.tasks.stream().map(t -> t.getString("name"))
                .filter(n -> n.contains(id)).findFirst().orElseThrow();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                TaskQueueStandIn.current.deleted.contains(task));
    }

    @Test
    void tasksCall_reportWithForgedToken_isRefused() {
        String wf = Api.deploy(SAGA);
        String name = Api.start(wf, new JsonObject().put("url", service.url("/slow-none")).put("paymentId", "p-1")
                .encode());
        Api.awaitFinal(name, Duration.ofSeconds(15));
        given().auth().oauth2("not-a-jwt").contentType(ContentType.JSON).body("{\"outcome\":\"SUCCEEDED\"}")
                .post("/v1/" + name + "/taskReports/abc").then().statusCode(401);
    }

    @Test
    void tasksCreate_returnsTaskNameWithoutWaiting() {
        String wf = Api.deploy("""
                main:
                  steps:
                    - enqueue:
                        call: tasks.create
                        args:
                          url: http://127.0.0.1:9/never
                          queue: saga-compensations
                          body: {x: 1}
                        result: name
                    - done:
                        return: ${name}
                """);
        String name = Api.start(wf, null);
        JsonPath e = Api.awaitFinal(name, Duration.ofSeconds(15));
        assertEquals("SUCCEEDED", e.getString("state"));
        String id = name.substring(name.lastIndexOf('/') + 1);
        assertTrue(e.getString("result").startsWith("\"projects/baton/locations/local/queues/saga-compensations/tasks/"
                + id + "-enqueue-0-"), e.getString("result"));
    }

    @Test
    void start_declaresTheSagaQueuesWithTheirRetryConfig() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> TaskQueueStandIn.current.queues.size() >= 2);
        JsonObject commands = TaskQueueStandIn.current.queues.get("projects/baton/locations/local/queues/saga-commands");
        assertEquals(new JsonObject().put("maxAttempts", 5).put("minBackoff", "0.2s").put("maxBackoff", "2s"),
                commands.getJsonObject("retryConfig"));
        JsonObject compensations = TaskQueueStandIn.current.queues
                .get("projects/baton/locations/local/queues/saga-compensations");
        assertEquals(new JsonObject().put("maxAttempts", -1).put("minBackoff", "0.5s").put("maxBackoff", "10s"),
                compensations.getJsonObject("retryConfig"));
    }

}
