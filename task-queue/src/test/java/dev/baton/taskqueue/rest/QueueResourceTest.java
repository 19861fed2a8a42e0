package dev.baton.taskqueue.rest;

import static dev.baton.taskqueue.support.Api.PARENT;
import static dev.baton.taskqueue.support.Api.createQueue;
import static dev.baton.taskqueue.support.Api.createTask;
import static dev.baton.taskqueue.support.Api.uniqueQueueId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.taskqueue.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Inject;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class QueueResourceTest {

    @Inject
    Pool pool;

    @Test
    void create_withRetryAndRateLimits_storesProto3Json() {
        String name = createQueue(uniqueQueueId("q"), """
                "rateLimits":{"maxDispatchesPerSecond":20.0,"maxConcurrentDispatches":5},
                "retryConfig":{"maxAttempts":5,"minBackoff":"0.500s","maxBackoff":"2s","maxDoublings":1}""");
        given().queryParam("$alt", "json;enum-encoding=int").get("/v2/" + name).then().statusCode(200)
                .body("name", equalTo(name))
                .body("state", equalTo("RUNNING"))
                .body("rateLimits.maxDispatchesPerSecond", equalTo(20.0f))
                .body("rateLimits.maxBurstSize", equalTo(4))
                .body("rateLimits.maxConcurrentDispatches", equalTo(5))
                .body("retryConfig.maxAttempts", equalTo(5))
                .body("retryConfig.minBackoff", equalTo("0.500s"))
                .body("retryConfig.maxBackoff", equalTo("2s"))
                .body("retryConfig.maxDoublings", equalTo(1))
                .body("retryConfig.maxRetryDuration", equalTo("0s"));
    }

    @Test
    void create_withoutSettings_takesCloudTasksDefaults() {
        String name = createQueue(uniqueQueueId("defaults"), "");
        given().get("/v2/" + name).then().statusCode(200)
                .body("rateLimits.maxDispatchesPerSecond", equalTo(500.0f))
                .body("rateLimits.maxBurstSize", equalTo(100))
                .body("rateLimits.maxConcurrentDispatches", equalTo(1000))
                .body("retryConfig.maxAttempts", equalTo(100))
                .body("retryConfig.minBackoff", equalTo("0.100s"))
                .body("retryConfig.maxBackoff", equalTo("3600s"))
                .body("retryConfig.maxDoublings", equalTo(16));
    }

    @Test
    void create_existingName_answers409AlreadyExists() {
        String id = uniqueQueueId("dup");
        String name = createQueue(id, "");
        given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\"}").post("/v2/" + PARENT + "/queues")
                .then().statusCode(409)
                .body("error.code", equalTo(409))
                .body("error.status", equalTo("ALREADY_EXISTS"))
                .body("error.message", equalTo("Queue " + name + " already exists"));
    }

    @Test
    void create_malformedQueueId_answers400AndStoresNothing() {
        given().contentType(ContentType.JSON).body("{\"name\":\"" + PARENT + "/queues/bad_name!\"}")
                .post("/v2/" + PARENT + "/queues")
                .then().statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.message", equalTo("Invalid queue id 'bad_name!': it must be 1 to 100 letters ([A-Za-z]), "
                        + "digits ([0-9]) or hyphens (-)"));
        given().get("/v2/" + PARENT + "/queues").then().statusCode(200)
                .body("queues.name", not(hasItem(PARENT + "/queues/bad_name!")));
    }

    @Test
    void create_nameUnderOtherLocation_answers400() {
        given().contentType(ContentType.JSON).body("{\"name\":\"projects/x/locations/y/queues/q1\"}")
                .post("/v2/" + PARENT + "/queues")
                .then().statusCode(400)
                .body("error.message", equalTo("queue.name must have the form " + PARENT
                        + "/queues/QUEUE_ID, got 'projects/x/locations/y/queues/q1'"));
    }

    @Test
    void create_badDuration_answers400NamingTheField() {
        String name = PARENT + "/queues/" + uniqueQueueId("baddur");
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"retryConfig\":{\"minBackoff\":\"5 seconds\"}}")
                .post("/v2/" + PARENT + "/queues")
                .then().statusCode(400)
                .body("error.message", equalTo("Invalid value at 'queue.retry_config.min_backoff': '5 seconds' is not "
                        + "a duration such as \"0.500s\" or \"30s\""));
        given().get("/v2/" + name).then().statusCode(404).body("error.status", equalTo("NOT_FOUND"));
    }

    @Test
    void create_maxBackoffBelowMin_answers400() {
        String name = PARENT + "/queues/" + uniqueQueueId("backoff");
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"retryConfig\":{\"minBackoff\":\"10s\",\"maxBackoff\":\"1s\"}}")
                .post("/v2/" + PARENT + "/queues")
                .then().statusCode(400)
                .body("error.message", equalTo("retryConfig.maxBackoff (1000 ms) must not be shorter than "
                        + "retryConfig.minBackoff (10000 ms)"));
    }

    @Test
    void create_invalidJson_answers400() {
        given().contentType(ContentType.JSON).body("{\"name\":").post("/v2/" + PARENT + "/queues")
                .then().statusCode(400).body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.message", org.hamcrest.Matchers.startsWith("Invalid JSON payload received"));
    }

    @Test
    void get_unknownQueue_answers404() {
        String name = PARENT + "/queues/does-not-exist-" + System.nanoTime();
        given().get("/v2/" + name).then().statusCode(404)
                .body("error.code", equalTo(404))
                .body("error.status", equalTo("NOT_FOUND"))
                .body("error.message", equalTo("Queue " + name + " does not exist"));
    }

    @Test
    void list_pageSizeTwo_pagesThroughEveryQueueOnce() {
        String parent = "projects/paging-" + System.nanoTime() + "/locations/europe-west1";
        for (int i = 0; i < 5; i++) {
            given().contentType(ContentType.JSON).body("{\"name\":\"" + parent + "/queues/p" + i + "\"}")
                    .post("/v2/" + parent + "/queues").then().statusCode(200);
        }
        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            var page = given().queryParam("filter", "").queryParam("$alt", "json;enum-encoding=int")
                    .queryParam("pageSize", 2).queryParam("pageToken", token)
                    .get("/v2/" + parent + "/queues").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("queues.name"));
            token = page.getString("nextPageToken");
        } while (token != null);
        assertEquals(List.of(parent + "/queues/p0", parent + "/queues/p1", parent + "/queues/p2",
                parent + "/queues/p3", parent + "/queues/p4"), seen);
    }

    @Test
    void list_stateFilter_returnsOnlyPausedQueues() {
        String parent = "projects/filter-" + System.nanoTime() + "/locations/us-east1";
        for (String id : List.of("a", "b")) {
            given().contentType(ContentType.JSON).body("{\"name\":\"" + parent + "/queues/" + id + "\"}")
                    .post("/v2/" + parent + "/queues").then().statusCode(200);
        }
        given().post("/v2/" + parent + "/queues/b:pause").then().statusCode(200).body("state", equalTo("PAUSED"));
        given().queryParam("filter", "state: PAUSED").get("/v2/" + parent + "/queues").then().statusCode(200)
                .body("queues.name", equalTo(List.of(parent + "/queues/b")));
    }

    @Test
    void pauseResume_customVerbs_changeStateAndAreIdempotent() {
        String name = createQueue(uniqueQueueId("pr"), "");
        given().contentType(ContentType.JSON).body("{}").post("/v2/" + name + ":pause").then().statusCode(200)
                .body("state", equalTo("PAUSED"));
        given().contentType(ContentType.JSON).body("{}").post("/v2/" + name + ":pause").then().statusCode(200)
                .body("state", equalTo("PAUSED"));
        given().contentType(ContentType.JSON).body("{}").post("/v2/" + name + ":resume").then().statusCode(200)
                .body("state", equalTo("RUNNING"));
        given().post("/v2/" + name + ":explode").then().statusCode(400)
                .body("error.message", equalTo("Unknown queue method ':explode'"));
    }

    @Test
    void patch_updateMaskRateOnly_keepsRetryConfig() {
        String name = createQueue(uniqueQueueId("patch"), "\"retryConfig\":{\"maxAttempts\":7}");
        given().contentType(ContentType.JSON)
                .body("{\"rateLimits\":{\"maxDispatchesPerSecond\":50,\"maxConcurrentDispatches\":3},"
                        + "\"retryConfig\":{\"maxAttempts\":1}}")
                .queryParam("updateMask", "rateLimits.maxDispatchesPerSecond")
                .patch("/v2/" + name).then().statusCode(200)
                .body("rateLimits.maxDispatchesPerSecond", equalTo(50.0f))
                .body("rateLimits.maxBurstSize", equalTo(10))
                .body("rateLimits.maxConcurrentDispatches", equalTo(1000))
                .body("retryConfig.maxAttempts", equalTo(7));
        // The proto spelling of a path, as in Google's REST reference, means the same field.
        given().contentType(ContentType.JSON).body("{\"retryConfig\":{\"maxAttempts\":3,\"maxDoublings\":2}}")
                .queryParam("updateMask", "retry_config.max_attempts")
                .patch("/v2/" + name).then().statusCode(200)
                .body("retryConfig.maxAttempts", equalTo(3))
                .body("retryConfig.maxDoublings", equalTo(16))
                .body("rateLimits.maxDispatchesPerSecond", equalTo(50.0f));
    }

    @Test
    void patch_unknownQueue_createsIt() {
        String name = PARENT + "/queues/" + uniqueQueueId("upsert");
        given().contentType(ContentType.JSON).body("{\"retryConfig\":{\"maxAttempts\":-1}}")
                .patch("/v2/" + name).then().statusCode(200).body("retryConfig.maxAttempts", equalTo(-1));
        given().get("/v2/" + name).then().statusCode(200).body("state", equalTo("RUNNING"));
    }

    @Test
    void purge_queueWithTasks_removesThemAndSetsPurgeTime() {
        String name = createQueue(uniqueQueueId("purge"), "");
        given().post("/v2/" + name + ":pause").then().statusCode(200);
        for (int i = 0; i < 3; i++) {
            createTask(name, "{\"httpRequest\":{\"url\":\"http://127.0.0.1:9/x\"}}").then().statusCode(200);
        }
        given().get("/v2/" + name + "/tasks").then().statusCode(200).body("tasks.size()", equalTo(3));
        given().post("/v2/" + name + ":purge").then().statusCode(200).body("purgeTime", notNullValue());
        given().get("/v2/" + name + "/tasks").then().statusCode(200).body("tasks.size()", equalTo(0));
    }

    @Test
    void delete_queue_removesItAndItsTasks() {
        String name = createQueue(uniqueQueueId("del"), "");
        given().post("/v2/" + name + ":pause").then().statusCode(200);
        for (int i = 0; i < 2; i++) {
            createTask(name, "{\"httpRequest\":{\"url\":\"http://127.0.0.1:9/x\"}}").then().statusCode(200);
        }
        assertEquals(2L, Db.one(pool, "SELECT count(*) AS n FROM task WHERE queue_name = $1", name).getLong("n"));
        given().delete("/v2/" + name).then().statusCode(200);
        assertEquals(0L, Db.one(pool, "SELECT count(*) AS n FROM task WHERE queue_name = $1", name).getLong("n"));
        given().get("/v2/" + name).then().statusCode(404);
        given().delete("/v2/" + name).then().statusCode(404).body("error.status", equalTo("NOT_FOUND"));
        // Unlike Cloud Tasks (3 days), the name can be used again at once.
        given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\"}").post("/v2/" + PARENT + "/queues")
                .then().statusCode(200).body("state", equalTo("RUNNING"));
    }
}
