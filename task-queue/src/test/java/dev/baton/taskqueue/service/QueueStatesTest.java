package dev.baton.taskqueue.service;

import static dev.baton.taskqueue.support.Api.createQueue;
import static dev.baton.taskqueue.support.Api.createTask;
import static dev.baton.taskqueue.support.Api.uniqueQueueId;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.taskqueue.support.Db;
import dev.baton.taskqueue.support.TestTarget;
import dev.baton.taskqueue.support.TestTarget.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Queue states (RUNNING, PAUSED, DISABLED), PurgeQueue and RunTask through the live dispatcher, and the guard that
 * makes a late attempt result change nothing once the task was deleted under it.
 */
@QuarkusTest
class QueueStatesTest {

    @Inject
    Pool pool;

    TestTarget target;

    @BeforeEach
    void startTarget() throws Exception {
        target = new TestTarget();
    }

    @AfterEach
    void stopTarget() {
        target.close();
    }

    private String task(String queue, String id, String path) {
        createTask(queue, "{\"name\":\"" + queue + "/tasks/" + id + "\",\"httpRequest\":{\"url\":\""
                + target.url(path) + "\"}}").then().statusCode(200);
        return id;
    }

    @Test
    void pauseResume_pausedQueue_holdsTasksUntilResumeButRunTaskForcesOne() {
        String queue = createQueue(uniqueQueueId("pause"), "");
        given().post("/v2/" + queue + ":pause").then().statusCode(200).body("state", equalTo("PAUSED"));
        task(queue, "held", "/p/held");
        task(queue, "forced", "/p/forced");
        given().contentType("application/json").body("{}").post("/v2/" + queue + "/tasks/forced:run")
                .then().statusCode(200).body("name", equalTo(queue + "/tasks/forced"));
        await().atMost(Duration.ofSeconds(2)).until(() -> target.hits("/p/forced").size() == 1);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(1))
                .until(() -> target.hits("/p/held").isEmpty());
        assertEquals("PENDING", Db.state(pool, queue, "held"));
        given().post("/v2/" + queue + ":resume").then().statusCode(200).body("state", equalTo("RUNNING"));
        await().atMost(Duration.ofSeconds(2)).until(() -> target.hits("/p/held").size() == 1);
    }

    @Test
    void disabledQueue_dispatchesNothingRefusesPauseAndResumesToRunning() {
        // Cloud Tasks disables queues itself (App Engine); we never do, but a stored DISABLED queue must behave.
        String queue = createQueue(uniqueQueueId("disabled"), "");
        given().post("/v2/" + queue + ":pause").then().statusCode(200);
        task(queue, "waiting", "/d/waiting");
        Db.rows(pool, "UPDATE queue SET state = 'DISABLED' WHERE name = $1", queue);
        given().get("/v2/" + queue).then().statusCode(200).body("state", equalTo("DISABLED"));
        given().post("/v2/" + queue + ":pause").then().statusCode(400)
                .body("error.status", equalTo("FAILED_PRECONDITION"))
                .body("error.message", equalTo("Queue " + queue + " is DISABLED and cannot become PAUSED"));
        given().get("/v2/" + queue).then().statusCode(200).body("state", equalTo("DISABLED"));
        given().queryParam("filter", "state: DISABLED").get("/v2/" + queue.substring(0, queue.indexOf("/queues/"))
                + "/queues").then().statusCode(200).body("queues.name", org.hamcrest.Matchers.hasItem(queue));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1))
                .until(() -> target.hits("/d").isEmpty());
        given().post("/v2/" + queue + ":resume").then().statusCode(200).body("state", equalTo("RUNNING"));
        await().atMost(Duration.ofSeconds(2)).until(() -> target.hits("/d/waiting").size() == 1);
    }

    @Test
    void runTask_outOfTokensAndAtConcurrencyLimit_dispatchesAnyway() {
        // One token per 1000 s and one dispatch at a time: after the first task nothing else is due for ages.
        String queue = createQueue(uniqueQueueId("force"), "\"rateLimits\":{\"maxDispatchesPerSecond\":0.001,"
                + "\"maxBurstSize\":1,\"maxConcurrentDispatches\":1}");
        var release = new CountDownLatch(1);
        target.on("/f/first", hit -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.of(200);
        });
        try {
            task(queue, "first", "/f/first");
            await().atMost(Duration.ofSeconds(2)).until(() -> "RUNNING".equals(Db.state(pool, queue, "first")));
            task(queue, "second", "/f/second");
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1))
                    .until(() -> target.hits("/f/second").isEmpty());
            given().contentType("application/json").body("{}").post("/v2/" + queue + "/tasks/second:run")
                    .then().statusCode(200);
            await().atMost(Duration.ofSeconds(2)).until(() -> target.hits("/f/second").size() == 1);
            await().atMost(Duration.ofSeconds(2)).until(() -> "SUCCEEDED".equals(Db.state(pool, queue, "second")));
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> "SUCCEEDED".equals(Db.state(pool, queue, "first")));
    }

    @Test
    void purge_heldTasks_areNeverDispatchedButLaterOnesAre() {
        String queue = createQueue(uniqueQueueId("purge"), "");
        given().post("/v2/" + queue + ":pause").then().statusCode(200);
        for (int i = 0; i < 3; i++) {
            task(queue, "old" + i, "/purge/old");
        }
        given().post("/v2/" + queue + ":purge").then().statusCode(200).body("state", equalTo("PAUSED"));
        for (int i = 0; i < 3; i++) {
            Row r = Db.task(pool, queue, "old" + i);
            assertEquals("DELETED", r.getString("state"));
        }
        given().get("/v2/" + queue + "/tasks").then().statusCode(200).body("tasks.size()", equalTo(0));
        given().post("/v2/" + queue + ":resume").then().statusCode(200);
        task(queue, "new", "/purge/new");
        await().atMost(Duration.ofSeconds(2)).until(() -> target.hits("/purge/new").size() == 1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1))
                .until(() -> target.hits("/purge/old").isEmpty());
        createTask(queue, "{\"name\":\"" + queue + "/tasks/old0\",\"httpRequest\":{\"url\":\"" + target.url("/x")
                + "\"}}").then().statusCode(409).body("error.status", equalTo("ALREADY_EXISTS"));
    }

    @Test
    void deleteTask_whileItsAttemptIsInFlight_lateSuccessChangesNothingAndOneDeletedReportIsSent() {
        String queue = createQueue(uniqueQueueId("late"), "");
        var release = new CountDownLatch(1);
        target.on("/late/work", hit -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Reply(200, "done", java.util.Map.of());
        });
        createTask(queue, "{\"name\":\"" + queue + "/tasks/l1\",\"httpRequest\":{\"url\":\"" + target.url("/late/work")
                + "\"},\"completionReport\":{\"url\":\"" + target.url("/late/report") + "\"}}").then().statusCode(200);
        try {
            await().atMost(Duration.ofSeconds(2)).until(() -> "RUNNING".equals(Db.state(pool, queue, "l1")));
            given().delete("/v2/" + queue + "/tasks/l1").then().statusCode(200);
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> target.hits("/late/work").size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> target.hits("/late/report").size() == 1);
        // The late 200 is recorded by the dispatcher as an outcome, but the guarded update finds no RUNNING row.
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                .until(() -> target.hits("/late/report").size() == 1);
        Row row = Db.task(pool, queue, "l1");
        assertEquals("DELETED", row.getString("state"));
        assertEquals(0, row.getInteger("response_count"), "the late answer was not recorded");
        List<Row> reports = Db.reports(pool, queue + "/tasks/l1");
        assertEquals(1, reports.size());
        assertEquals("DELETED", reports.getFirst().getString("outcome"));
        JsonObject report = new JsonObject(target.hits("/late/report").getFirst().bodyText());
        assertEquals("DELETED", report.getString("outcome"));
        assertEquals(1, report.getInteger("attempts"));
        assertTrue(target.hits("/late/report").getFirst().header("X-Baton-Report-Id").equals(report.getString("reportId")));
    }
}
