package dev.baton.taskqueue.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.UUID;

/** Shorthands for the REST API in tests; every test makes its own queue under a unique name. */
public final class Api {

    public static final String PARENT = "projects/test-project/locations/us-central1";

    private Api() {
    }

    public static String uniqueQueueId(String hint) {
        return hint + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String queueName(String queueId) {
        return PARENT + "/queues/" + queueId;
    }

    /** Creates a queue from a JSON fragment of extra fields (may be empty) and returns its full name. */
    public static String createQueue(String queueId, String extraJson) {
        String name = queueName(queueId);
        String body = "{\"name\":\"" + name + "\"" + (extraJson.isEmpty() ? "" : "," + extraJson) + "}";
        given().contentType(ContentType.JSON).body(body).post("/v2/" + PARENT + "/queues").then().statusCode(200);
        return name;
    }

    public static Response createTask(String queueName, String taskJson) {
        return given().contentType(ContentType.JSON).body("{\"task\":" + taskJson + "}")
                .post("/v2/" + queueName + "/tasks");
    }
}
