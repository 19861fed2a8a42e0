package dev.baton.taskqueue.rest;

import static dev.baton.taskqueue.support.Api.PARENT;
import static dev.baton.taskqueue.support.Api.createQueue;
import static dev.baton.taskqueue.support.Api.createTask;
import static dev.baton.taskqueue.support.Api.uniqueQueueId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.baton.taskqueue.ErrorCode;
import dev.baton.taskqueue.TaskQueueException;
import dev.baton.taskqueue.service.TaskService;
import dev.baton.taskqueue.service.TaskSpec;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TaskResourceTest {

    @Inject
    TaskService tasks;

    /** A paused queue, so that nothing is dispatched while a test looks at its tasks. */
    private static String pausedQueue(String hint) {
        String name = createQueue(uniqueQueueId(hint), "");
        given().post("/v2/" + name + ":pause").then().statusCode(200);
        return name;
    }

    private static void assertNoTasks(String queue) {
        given().get("/v2/" + queue + "/tasks").then().statusCode(200).body("tasks.size()", equalTo(0));
    }

    @Test
    void create_numericEnumsAndBase64Body_storesTaskAndShowsBodyOnlyInFullView() {
        String queue = pausedQueue("create");
        String body = Base64.getEncoder().encodeToString("{\"amount\":42}".getBytes());
        createTask(queue, "{\"name\":\"" + queue + "/tasks/t-1\",\"httpRequest\":{\"url\":\"http://127.0.0.1:9/hit\","
                + "\"httpMethod\":4,\"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"" + body + "\"},"
                + "\"dispatchDeadline\":\"30s\"}")
                .then().statusCode(200)
                .body("name", equalTo(queue + "/tasks/t-1"))
                .body("httpRequest.httpMethod", equalTo("PUT"))
                .body("httpRequest.body", nullValue())
                .body("dispatchDeadline", equalTo("30s"))
                .body("dispatchCount", equalTo(0))
                .body("view", equalTo("BASIC"));
        given().queryParam("$alt", "json;enum-encoding=int").queryParam("responseView", 2)
                .get("/v2/" + queue + "/tasks/t-1").then().statusCode(200)
                .body("httpRequest.body", equalTo(body))
                .body("httpRequest.headers.Content-Type", equalTo("application/json"))
                .body("view", equalTo("FULL"));
    }

    @Test
    void create_unnamed_getsGeneratedNumericId() {
        String queue = pausedQueue("gen");
        createTask(queue, "{\"httpRequest\":{\"url\":\"http://127.0.0.1:9/hit\"}}").then().statusCode(200)
                .body("name", matchesPattern(java.util.regex.Pattern.quote(queue) + "/tasks/[0-9]{19}"))
                .body("httpRequest.httpMethod", equalTo("POST"))
                .body("dispatchDeadline", equalTo("600s"));
    }

    @Test
    void create_sameNameTwice_answers409AlreadyExists() {
        String queue = pausedQueue("dup");
        String task = "{\"name\":\"" + queue + "/tasks/once\",\"httpRequest\":{\"url\":\"http://127.0.0.1:9/\"}}";
        createTask(queue, task).then().statusCode(200);
        createTask(queue, task).then().statusCode(409)
                .body("error.status", equalTo("ALREADY_EXISTS"))
                .body("error.message", equalTo("Task " + queue + "/tasks/once already exists, or was deleted or "
                        + "completed less than 60 minutes ago"));
    }

    @Test
    void create_nameDeletedWithinOneHour_isRefusedUntilTheWindowEnds() {
        String queue = pausedQueue("dedup");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var spec = new TaskSpec("window", "POST", "http://127.0.0.1:9/", Map.of(), null, null, null, null, null);
        join(tasks.create(queue, spec, null, null, t0));
        join(tasks.delete(queue, "window", t0.plusSeconds(10)));

        var refused = assertThrows(TaskQueueException.class,
                () -> join(tasks.create(queue, spec, null, null, t0.plus(Duration.ofMinutes(60)))));
        assertEquals(ErrorCode.ALREADY_EXISTS, refused.code());

        var recreated = join(tasks.create(queue, spec, null, null, t0.plus(Duration.ofMinutes(60)).plusSeconds(10)));
        assertEquals("window", recreated.taskId());
        assertEquals(0, recreated.dispatchCount());
    }

    @Test
    void create_unknownQueue_answers404() {
        String queue = PARENT + "/queues/nope-" + System.nanoTime();
        createTask(queue, "{\"httpRequest\":{\"url\":\"http://127.0.0.1:9/\"}}").then().statusCode(404)
                .body("error.status", equalTo("NOT_FOUND"))
                .body("error.message", equalTo("Queue " + queue + " does not exist"));
    }

    @Test
    void create_malformedTaskName_answers400() {
        String queue = pausedQueue("badname");
        createTask(queue, "{\"name\":\"" + queue + "/tasks/has space\",\"httpRequest\":{\"url\":\"http://h/\"}}")
                .then().statusCode(400)
                .body("error.message", equalTo("Invalid task id 'has space': it must be 1 to 500 letters ([A-Za-z]), "
                        + "digits ([0-9]), hyphens (-) or underscores (_)"));
        createTask(queue, "{\"name\":\"" + PARENT + "/queues/other/tasks/x\",\"httpRequest\":{\"url\":\"http://h/\"}}")
                .then().statusCode(400)
                .body("error.message", equalTo("task.name '" + PARENT + "/queues/other/tasks/x' must have the form "
                        + queue + "/tasks/TASK_ID"));
        assertNoTasks(queue);
    }

    @Test
    void create_bodyOverOneMegabyte_answers400AndStoresNothing() {
        String queue = pausedQueue("big");
        String body = Base64.getEncoder().encodeToString(new byte[1024 * 1024 + 1]);
        createTask(queue, "{\"httpRequest\":{\"url\":\"http://127.0.0.1:9/\",\"body\":\"" + body + "\"}}")
                .then().statusCode(400)
                .body("error.message", equalTo("Task body is 1048577 bytes; the maximum is 1048576 bytes (1 MB)"));
        assertNoTasks(queue);
    }

    @Test
    void create_scheduleBeyondThirtyDays_answers400() {
        String queue = pausedQueue("far");
        Instant far = Instant.now().plus(Duration.ofDays(31)).truncatedTo(ChronoUnit.SECONDS);
        createTask(queue, "{\"httpRequest\":{\"url\":\"http://127.0.0.1:9/\"},\"scheduleTime\":\"" + far + "\"}")
                .then().statusCode(400)
                .body("error.message", equalTo("task.scheduleTime " + far + " is more than 30 days in the future"));
        createTask(queue, "{\"httpRequest\":{\"url\":\"http://127.0.0.1:9/\"},\"scheduleTime\":\"tomorrow\"}")
                .then().statusCode(400)
                .body("error.message", equalTo("Invalid value at 'task.schedule_time': 'tomorrow' is not an "
                        + "RFC 3339 timestamp"));
        assertNoTasks(queue);
    }

    @Test
    void create_invalidUrls_answer400() {
        String queue = pausedQueue("url");
        createTask(queue, "{\"httpRequest\":{\"url\":\"ftp://example.com/x\"}}").then().statusCode(400)
                .body("error.message", equalTo("task.httpRequest.url must be an absolute http:// or https:// URL, "
                        + "got 'ftp://example.com/x'"));
        createTask(queue, "{\"httpRequest\":{\"url\":\"not a url\"}}").then().statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"));
        createTask(queue, "{\"httpRequest\":{}}").then().statusCode(400)
                .body("error.message", equalTo("task.httpRequest.url is required"));
        createTask(queue, "{\"httpRequest\":{\"url\":\"http://h/\"},\"completionReport\":{\"url\":\"/relative\"}}")
                .then().statusCode(400)
                .body("error.message", equalTo("task.completionReport.url must be an absolute http:// or https:// "
                        + "URL, got '/relative'"));
        assertNoTasks(queue);
    }

    @Test
    void create_badDurationsAndDeadlines_answer400() {
        String queue = pausedQueue("deadline");
        createTask(queue, "{\"httpRequest\":{\"url\":\"http://h/\"},\"dispatchDeadline\":\"10m\"}")
                .then().statusCode(400)
                .body("error.message", equalTo("Invalid value at 'task.dispatch_deadline': '10m' is not a duration "
                        + "such as \"0.500s\" or \"30s\""));
        createTask(queue, "{\"httpRequest\":{\"url\":\"http://h/\"},\"dispatchDeadline\":\"14.999s\"}")
                .then().statusCode(400)
                .body("error.message", equalTo("task.dispatchDeadline must be between 15s and 1800s, got 14.999s"));
        createTask(queue, "{\"httpRequest\":{\"url\":\"http://h/\"},\"dispatchDeadline\":\"1801s\"}")
                .then().statusCode(400)
                .body("error.message", equalTo("task.dispatchDeadline must be between 15s and 1800s, got 1801.0s"));
        createTask(queue, "{\"httpRequest\":{\"url\":\"http://h/\",\"httpMethod\":99}}").then().statusCode(400)
                .body("error.message", equalTo("Invalid value at 'task.http_request.http_method': 99"));
        assertNoTasks(queue);
    }

    @Test
    void create_limitsOfScheduleAndDeadline_areAccepted() {
        String queue = pausedQueue("limits");
        Instant almost = Instant.now().plus(Duration.ofDays(30)).minus(Duration.ofMinutes(1))
                .truncatedTo(ChronoUnit.SECONDS);
        createTask(queue, "{\"httpRequest\":{\"url\":\"http://h/\"},\"scheduleTime\":\"" + almost + "\","
                + "\"dispatchDeadline\":\"15s\"}").then().statusCode(200)
                .body("scheduleTime", equalTo(almost.toString()))
                .body("dispatchDeadline", equalTo("15s"));
        createTask(queue, "{\"httpRequest\":{\"url\":\"http://h/\"},\"dispatchDeadline\":\"1800s\"}")
                .then().statusCode(200).body("dispatchDeadline", equalTo("1800s"));
        createTask(queue, "{\"httpRequest\":{\"url\":\"http://h/\"},\"dispatchDeadline\":\"0.5s\"}")
                .then().statusCode(400);
        given().get("/v2/" + queue + "/tasks").then().statusCode(200).body("tasks.size()", equalTo(2));
    }

    @Test
    void deleteAndRun_missingTask_answer404() {
        String queue = pausedQueue("missing");
        given().delete("/v2/" + queue + "/tasks/ghost").then().statusCode(404)
                .body("error.status", equalTo("NOT_FOUND"));
        given().contentType("application/json").body("{}").post("/v2/" + queue + "/tasks/ghost:run")
                .then().statusCode(404).body("error.status", equalTo("NOT_FOUND"));
        given().get("/v2/" + queue + "/tasks/ghost").then().statusCode(404);
    }

    @Test
    void list_pageSizeOne_pagesWithTokens() {
        String queue = pausedQueue("list");
        for (int i = 0; i < 3; i++) {
            createTask(queue, "{\"name\":\"" + queue + "/tasks/t" + i + "\",\"httpRequest\":{\"url\":\"http://h/\"}}")
                    .then().statusCode(200);
        }
        var first = given().queryParam("pageSize", 2).queryParam("responseView", 0).queryParam("pageToken", "")
                .get("/v2/" + queue + "/tasks").then().statusCode(200).extract().jsonPath();
        assertEquals(java.util.List.of(queue + "/tasks/t0", queue + "/tasks/t1"), first.getList("tasks.name"));
        var second = given().queryParam("pageSize", 2).queryParam("pageToken", first.getString("nextPageToken"))
                .get("/v2/" + queue + "/tasks").then().statusCode(200).extract().jsonPath();
        assertEquals(java.util.List.of(queue + "/tasks/t2"), second.getList("tasks.name"));
        assertEquals(null, second.getString("nextPageToken"));
    }

    private static <T> T join(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
