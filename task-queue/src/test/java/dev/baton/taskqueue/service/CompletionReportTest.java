package dev.baton.taskqueue.service;

import static dev.baton.taskqueue.support.Api.createQueue;
import static dev.baton.taskqueue.support.Api.uniqueQueueId;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.taskqueue.support.Db;
import dev.baton.taskqueue.support.Jwt;
import dev.baton.taskqueue.support.TestTarget;
import dev.baton.taskqueue.support.TestTarget.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The completion report (our extension): one report per task that reaches a final state, written in the statement
 * that finishes the task, delivered with retries until a 2xx, with a bounded body and a verifiable token.
 */
@QuarkusTest
class CompletionReportTest {

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

    @Test
    void completionReport_taskAndReportBothFailingFirst_deliversTheSameReportUntilAccepted() throws Exception {
        String queue = createQueue(uniqueQueueId("report"), "\"retryConfig\":{\"minBackoff\":\"0.100s\","
                + "\"maxBackoff\":\"0.200s\"}");
        var taskCalls = new AtomicInteger();
        target.on("/work", hit -> taskCalls.incrementAndGet() <= 2 ? new Reply(503, "busy", Map.of())
                : new Reply(200, "{\"charged\":true}", Map.of()));
        var reportCalls = new AtomicInteger();
        target.on("/report", hit -> reportCalls.incrementAndGet() <= 2 ? Reply.of(500) : Reply.of(204));
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        given().contentType("application/json").header("traceparent", traceparent)
                .body("{\"task\":{\"name\":\"" + queue + "/tasks/r1\",\"httpRequest\":{\"url\":\""
                        + target.url("/work") + "\"},\"completionReport\":{\"url\":\"" + target.url("/report") + "\"}}}")
                .post("/v2/" + queue + "/tasks").then().statusCode(200)
                .body("completionReport.url", org.hamcrest.Matchers.equalTo(target.url("/report")));
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            var rows = Db.reports(pool, queue + "/tasks/r1");
            return rows.size() == 1 && "DELIVERED".equals(rows.getFirst().getString("state"));
        });
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> reportCalls.get() == 3);
        var reports = target.hits("/report");
        assertEquals(3, reports.size());
        assertEquals(reports.get(0).bodyText(), reports.get(2).bodyText(), "every delivery carries the same report");
        JsonObject report = new JsonObject(reports.get(2).bodyText());
        assertEquals(Set.of("reportId", "task", "queue", "outcome", "attempts", "responseCount", "completeTime",
                "lastResponse"), report.fieldNames());
        assertEquals(queue + "/tasks/r1", report.getString("task"));
        assertEquals(queue, report.getString("queue"));
        assertEquals("SUCCEEDED", report.getString("outcome"));
        assertEquals(3, report.getInteger("attempts"));
        assertEquals(3, report.getInteger("responseCount"));
        assertEquals(200, report.getJsonObject("lastResponse").getInteger("status"));
        assertFalse(report.getJsonObject("lastResponse").getBoolean("bodyTruncated"));
        assertEquals("{\"charged\":true}", new String(Base64.getDecoder().decode(
                report.getJsonObject("lastResponse").getString("body"))));
        Row task = Db.task(pool, queue, "r1");
        assertEquals(Db.instant(task, "last_attempt_response_time").toString(), report.getString("completeTime"));
        for (var delivery : reports) {
            assertEquals(report.getString("reportId"), delivery.header("X-Baton-Report-Id"));
            assertEquals(traceparent, delivery.header("traceparent"), "the task's trace continues in its report");
            assertEquals("application/json", delivery.header("Content-Type"));
        }
        JsonObject claims = Jwt.verify(reports.get(2).header("Authorization"));
        assertEquals(target.url("/report"), claims.getString("aud"));
        assertEquals("task-queue@baton.local", claims.getString("sub"));
        assertEquals("http://task-queue.test", claims.getString("iss"));
        Row row = Db.reports(pool, queue + "/tasks/r1").getFirst();
        assertEquals(3, row.getInteger("attempts"));
        assertEquals(204, row.getInteger("last_report_status"));
    }

    @Test
    void completionReport_largeResponse_carriesAtMost8KiBAndSaysItWasTruncated() {
        String queue = createQueue(uniqueQueueId("bigreport"), "");
        String big = "0123456789abcdef".repeat(1250);
        target.on("/big", hit -> new Reply(200, big, Map.of()));
        given().contentType("application/json")
                .body("{\"task\":{\"name\":\"" + queue + "/tasks/b1\",\"httpRequest\":{\"url\":\"" + target.url("/big")
                        + "\"},\"completionReport\":{\"url\":\"" + target.url("/report-big") + "\"}}}")
                .post("/v2/" + queue + "/tasks").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> target.hits("/report-big").size() == 1);
        JsonObject report = new JsonObject(target.hits("/report-big").getFirst().bodyText());
        JsonObject last = report.getJsonObject("lastResponse");
        assertTrue(last.getBoolean("bodyTruncated"));
        assertEquals(big.substring(0, 8192), new String(Base64.getDecoder().decode(last.getString("body"))));
        assertTrue(target.hits("/report-big").getFirst().body().length < 12_000, "the report body stays bounded");
    }

    @Test
    void completionReport_attemptsExhausted_reportsFailedWithLastStatus() {
        String queue = createQueue(uniqueQueueId("exhaust"), "\"retryConfig\":{\"maxAttempts\":2,\"minBackoff\":"
                + "\"0.050s\",\"maxBackoff\":\"0.050s\"}");
        target.on("/doomed", hit -> new Reply(422, "card declined", Map.of()));
        given().contentType("application/json")
                .body("{\"task\":{\"name\":\"" + queue + "/tasks/d1\",\"httpRequest\":{\"url\":\"" + target.url("/doomed")
                        + "\"},\"completionReport\":{\"url\":\"" + target.url("/report-d") + "\"}}}")
                .post("/v2/" + queue + "/tasks").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> target.hits("/report-d").size() == 1);
        JsonObject report = new JsonObject(target.hits("/report-d").getFirst().bodyText());
        assertEquals("FAILED", report.getString("outcome"));
        assertEquals(2, report.getInteger("attempts"));
        assertEquals(422, report.getJsonObject("lastResponse").getInteger("status"));
        assertEquals("card declined", new String(Base64.getDecoder().decode(
                report.getJsonObject("lastResponse").getString("body"))));
        assertEquals(2, target.hits("/doomed").size());
        assertEquals("FAILED", Db.state(pool, queue, "d1"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1))
                .until(() -> target.hits("/report-d").size() == 1);
    }

    @Test
    void completionReport_connectionErrorsUntilFailed_reportsLastErrorWithoutResponse() {
        String queue = createQueue(uniqueQueueId("noanswer"), "\"retryConfig\":{\"maxAttempts\":1}");
        given().contentType("application/json")
                .body("{\"task\":{\"name\":\"" + queue + "/tasks/n1\",\"httpRequest\":{\"url\":\"http://127.0.0.1:9/\"},"
                        + "\"completionReport\":{\"url\":\"" + target.url("/report-n") + "\"}}}")
                .post("/v2/" + queue + "/tasks").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> target.hits("/report-n").size() == 1);
        JsonObject report = new JsonObject(target.hits("/report-n").getFirst().bodyText());
        assertEquals("FAILED", report.getString("outcome"));
        assertEquals(1, report.getInteger("attempts"));
        assertEquals(0, report.getInteger("responseCount"));
        assertFalse(report.containsKey("lastResponse"));
        assertTrue(report.getString("lastError").startsWith("CONNECTION_ERROR"), report.getString("lastError"));
    }

    @Test
    void completionReport_taskDeletedBeforeDispatch_reportsDeleted() {
        String queue = createQueue(uniqueQueueId("delrep"), "");
        given().post("/v2/" + queue + ":pause").then().statusCode(200);
        given().contentType("application/json")
                .body("{\"task\":{\"name\":\"" + queue + "/tasks/gone\",\"httpRequest\":{\"url\":\"" + target.url("/never")
                        + "\"},\"completionReport\":{\"url\":\"" + target.url("/report-del") + "\"}}}")
                .post("/v2/" + queue + "/tasks").then().statusCode(200);
        given().delete("/v2/" + queue + "/tasks/gone").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> target.hits("/report-del").size() == 1);
        JsonObject report = new JsonObject(target.hits("/report-del").getFirst().bodyText());
        assertEquals("DELETED", report.getString("outcome"));
        assertEquals(0, report.getInteger("attempts"));
        assertTrue(target.hits("/never").isEmpty());
        List<Row> rows = Db.reports(pool, queue + "/tasks/gone");
        assertEquals(1, rows.size());
    }
}
