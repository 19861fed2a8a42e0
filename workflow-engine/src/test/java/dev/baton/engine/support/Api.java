package dev.baton.engine.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;

/** Short calls to the engine's API for tests. */
public final class Api {

    public static final String PARENT = "/v1/projects/test/locations/here";

    private Api() {
    }

    /** Deploys {@code source} under a fresh id; returns the id. */
    public static String deploy(String source) {
        String id = "wf-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(new JsonObject().put("sourceContents", source).encode())
                .post(PARENT + "/workflows?workflowId=" + id).then().statusCode(200);
        return id;
    }

    /** Starts an execution; returns its full name. */
    public static String start(String workflowId, String argumentJson) {
        JsonObject body = new JsonObject();
        if (argumentJson != null) {
            body.put("argument", argumentJson);
        }
        return given().contentType(ContentType.JSON).body(body.encode())
                .post(PARENT + "/workflows/" + workflowId + "/executions").then().statusCode(200)
                .extract().path("name");
    }

    public static JsonPath get(String executionName) {
        return given().get("/v1/" + executionName).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the execution is final and returns it. */
    public static JsonPath awaitFinal(String executionName, Duration within) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = get(executionName);
            String state = last[0].getString("state");
            return !state.equals("ACTIVE") && !state.equals("QUEUED");
        });
        return last[0];
    }

    /** Waits until the execution waits in {@code step}. */
    public static void awaitStep(String executionName, String step, Duration within) {
        Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() ->
                get(executionName).getList("status.currentSteps.step").contains(step));
    }
}
