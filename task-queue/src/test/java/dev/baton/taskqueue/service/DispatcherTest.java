package dev.baton.taskqueue.service;

import static dev.baton.taskqueue.support.Api.createQueue;
import static dev.baton.taskqueue.support.Api.createTask;
import static dev.baton.taskqueue.support.Api.uniqueQueueId;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.taskqueue.support.Jwt;
import dev.baton.taskqueue.support.TestTarget;
import dev.baton.taskqueue.support.TestTarget.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live dispatcher against a local target. Wake-ups must come from NOTIFY and timers: the test poll is 10 s. */
@QuarkusTest
class DispatcherTest {

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

    private Row taskRow(String queue, String taskId) {
        var rows = pool.preparedQuery("SELECT * FROM task WHERE queue_name = $1 AND task_id = $2")
                .execute(Tuple.of(queue, taskId)).toCompletionStage().toCompletableFuture().join();
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    private List<Row> reportRows(String taskName) {
        var rows = pool.preparedQuery("SELECT * FROM completion_report WHERE task_name = $1")
                .execute(Tuple.of(taskName)).toCompletionStage().toCompletableFuture().join();
        var out = new java.util.ArrayList<Row>();
        rows.forEach(out::add);
        return out;
    }

    @Test
    void dispatch_dueTask_sendsRequestWithCloudTasksHeadersAndTraceContext() {
        String queueId = uniqueQueueId("headers");
        String queue = createQueue(queueId, "");
        String body = Base64.getEncoder().encodeToString("{\"order\":7}".getBytes());
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        given().contentType("application/json").header("traceparent", traceparent)
                .body("{\"task\":{\"name\":\"" + queue + "/tasks/h1\",\"httpRequest\":{\"url\":\"" + target.url("/hit/h1")
                        + "\",\"httpMethod\":\"PUT\",\"headers\":{\"Content-Type\":\"application/json\",\"X-Custom\":\"yes\","
                        + "\"X-CloudTasks-TaskName\":\"forged\"},\"body\":\"" + body + "\"}}}")
                .post("/v2/" + queue + "/tasks").then().statusCode(200);
        await().atMost(Duration.ofSeconds(2)).until(() -> target.hits("/hit/h1").size() == 1);
        var hit = target.hits("/hit/h1").getFirst();
        assertEquals("PUT", hit.method());
        assertEquals("{\"order\":7}", hit.bodyText());
        assertEquals("application/json", hit.header("Content-Type"));
        assertEquals("yes", hit.header("X-Custom"));
        assertEquals("Google-Cloud-Tasks", hit.header("User-Agent"));
        assertEquals(queueId, hit.header("X-CloudTasks-QueueName"));
        assertEquals("h1", hit.header("X-CloudTasks-TaskName"));
        assertEquals("0", hit.header("X-CloudTasks-TaskRetryCount"));
        assertEquals("0", hit.header("X-CloudTasks-TaskExecutionCount"));
        assertTrue(hit.header("X-CloudTasks-TaskETA").matches("\\d{10}\\.\\d{6}"), hit.header("X-CloudTasks-TaskETA"));
        assertNull(hit.header("X-CloudTasks-TaskPreviousResponse"));
        assertEquals(traceparent, hit.header("traceparent"));
        assertNull(hit.header("Authorization"));
        await().atMost(Duration.ofSeconds(2)).until(() -> "SUCCEEDED".equals(taskRow(queue, "h1").getString("state")));
        given().get("/v2/" + queue + "/tasks/h1").then().statusCode(404);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.contains(queue)).collect(java.util.stream.Collectors.joining("\n"));
        assertTrue(metrics.contains("baton_taskqueue_dispatches_total{queue=\"" + queue + "\"} 1.0"), metrics);
        assertTrue(metrics.contains("baton_taskqueue_attempts_total{outcome=\"succeeded\",queue=\"" + queue
                + "\"} 1.0"), "attempt outcomes");
        assertTrue(metrics.contains("baton_taskqueue_schedule_to_dispatch_seconds_count{queue=\"" + queue
                + "\"} 1"), "latency histogram");
    }

    @Test
    void dispatch_taskDueNow_arrivesWithinMillisecondsNotAfterAPoll() {
        String queue = createQueue(uniqueQueueId("latency"), "");
        for (int i = 0; i < 5; i++) {
            String path = "/fast/" + i;
            Instant created = Instant.now();
            createTask(queue, "{\"httpRequest\":{\"url\":\"" + target.url(path) + "\"}}").then().statusCode(200);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2))
                    .until(() -> target.hits(path).size() == 1);
            Duration latency = Duration.between(created, target.hits(path).getFirst().at());
            // Typically a few ms; the bound leaves room for a loaded CI machine and is still far below the poll.
            assertTrue(latency.toMillis() < 2000, "task " + i + " took " + latency.toMillis() + " ms (poll is 10 s)");
        }
    }

    @Test
    void dispatch_oidcTokenRequested_sendsJwtThatVerifiesAgainstJwks() throws Exception {
        String queue = createQueue(uniqueQueueId("oidc"), "");
        String url = target.url("/secure/a?x=1");
        createTask(queue, "{\"httpRequest\":{\"url\":\"" + url + "\",\"oidcToken\":{\"serviceAccountEmail\":"
                + "\"worker@baton.iam\"}}}").then().statusCode(200);
        createTask(queue, "{\"httpRequest\":{\"url\":\"" + target.url("/secure/b") + "\",\"oidcToken\":{"
                + "\"serviceAccountEmail\":\"worker@baton.iam\",\"audience\":\"https://orders.baton\"}}}")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(2)).until(() -> target.hits("/secure").size() == 2);
        JsonObject a = Jwt.verify(target.hits("/secure/a").getFirst().header("Authorization"));
        assertEquals(url, a.getString("aud"));
        assertEquals("http://task-queue.test", a.getString("iss"));
        assertEquals("worker@baton.iam", a.getString("sub"));
        assertEquals(300, a.getLong("exp") - a.getLong("iat"));
        JsonObject b = Jwt.verify(target.hits("/secure/b").getFirst().header("Authorization"));
        assertEquals("https://orders.baton", b.getString("aud"));
    }

    @Test
    void dispatch_failingThenSucceeding_retriesWithHeadersAndBackoff() {
        String queue = createQueue(uniqueQueueId("retry"), "\"retryConfig\":{\"maxAttempts\":5,\"minBackoff\":"
                + "\"0.200s\",\"maxBackoff\":\"1s\",\"maxDoublings\":1}");
        var calls = new AtomicInteger();
        target.on("/flaky", hit -> calls.incrementAndGet() < 3 ? Reply.of(500) : Reply.of(200));
        createTask(queue, "{\"name\":\"" + queue + "/tasks/f1\",\"httpRequest\":{\"url\":\"" + target.url("/flaky")
                + "\"}}").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Row r = taskRow(queue, "f1");
            return r != null && "SUCCEEDED".equals(r.getString("state"));
        });
        var hits = target.hits("/flaky");
        assertEquals(3, hits.size());
        assertEquals("1", hits.get(1).header("X-CloudTasks-TaskRetryCount"));
        assertEquals("500", hits.get(1).header("X-CloudTasks-TaskPreviousResponse"));
        assertEquals("HTTP_500", hits.get(1).header("X-CloudTasks-TaskRetryReason"));
        assertEquals("0", hits.get(1).header("X-CloudTasks-TaskExecutionCount"), "5xx answers are not executions");
        assertEquals("2", hits.get(2).header("X-CloudTasks-TaskRetryCount"));
        // Backoff 0.2 s then 0.4 s, counted from the response; a retry never comes early.
        assertTrue(Duration.between(hits.get(0).at(), hits.get(1).at()).toMillis() >= 200);
        assertTrue(Duration.between(hits.get(1).at(), hits.get(2).at()).toMillis() >= 400);
        Row done = taskRow(queue, "f1");
        assertEquals(3, done.getInteger("dispatch_count"));
        assertEquals(3, done.getInteger("response_count"));
        assertEquals(500, done.getInteger("first_attempt_status"));
        assertEquals(200, done.getInteger("last_attempt_status"));
    }

    @Test
    void dispatch_429WithRetryAfter_holdsTheWholeQueue() {
        String queue = createQueue(uniqueQueueId("throttle"), "");
        var first = new AtomicInteger();
        target.on("/busy", hit -> first.getAndIncrement() == 0
                ? new Reply(429, "slow down", Map.of("Retry-After", "2")) : Reply.of(200));
        createTask(queue, "{\"httpRequest\":{\"url\":\"" + target.url("/busy/a") + "\"}}").then().statusCode(200);
        await().atMost(Duration.ofSeconds(2)).until(() -> target.hits("/busy").size() == 1);
        Instant throttledAt = target.hits("/busy").getFirst().at();
        await().atMost(Duration.ofSeconds(2)).until(() -> pool.preparedQuery(
                "SELECT throttled_until FROM queue WHERE name = $1").execute(Tuple.of(queue))
                .toCompletionStage().toCompletableFuture().join().iterator().next().getValue("throttled_until") != null);
        createTask(queue, "{\"httpRequest\":{\"url\":\"" + target.url("/busy/b") + "\"}}").then().statusCode(200);
        await().atMost(Duration.ofSeconds(6)).until(() -> target.hits("/busy").size() == 3);
        for (var hit : target.hits("/busy").subList(1, 3)) {
            long waited = Duration.between(throttledAt, hit.at()).toMillis();
            assertTrue(waited >= 1900, hit.path() + " came " + waited + " ms after the 429 with Retry-After: 2");
        }
    }

    @Test
    void pauseResume_pausedQueue_holdsTasksUntilResumeButRunTaskForcesOne() {
        String queue = createQueue(uniqueQueueId("pause"), "");
        given().post("/v2/" + queue + ":pause").then().statusCode(200);
        createTask(queue, "{\"name\":\"" + queue + "/tasks/held\",\"httpRequest\":{\"url\":\"" + target.url("/p/held")
                + "\"}}").then().statusCode(200);
        createTask(queue, "{\"name\":\"" + queue + "/tasks/forced\",\"httpRequest\":{\"url\":\""
                + target.url("/p/forced") + "\"}}").then().statusCode(200);
        given().contentType("application/json").body("{}").post("/v2/" + queue + "/tasks/forced:run")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(2)).until(() -> target.hits("/p/forced").size() == 1);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(1))
                .until(() -> target.hits("/p/held").isEmpty());
        assertEquals("PENDING", taskRow(queue, "held").getString("state"));
        given().post("/v2/" + queue + ":resume").then().statusCode(200);
        await().atMost(Duration.ofSeconds(1)).until(() -> target.hits("/p/held").size() == 1);
    }

    @Test
    void completionReport_taskAndReportBothFailingFirst_deliversExactlyOneReport() {
        String queue = createQueue(uniqueQueueId("report"), "\"retryConfig\":{\"minBackoff\":\"0.100s\","
                + "\"maxBackoff\":\"0.200s\"}");
        var taskCalls = new AtomicInteger();
        target.on("/work", hit -> taskCalls.incrementAndGet() <= 2 ? new Reply(503, "busy", Map.of())
                : new Reply(200, "{\"charged\":true}", Map.of()));
        var reportCalls = new AtomicInteger();
        target.on("/report", hit -> reportCalls.incrementAndGet() <= 2 ? Reply.of(500) : Reply.of(204));
        createTask(queue, "{\"name\":\"" + queue + "/tasks/r1\",\"httpRequest\":{\"url\":\"" + target.url("/work")
                + "\"},\"completionReport\":{\"url\":\"" + target.url("/report") + "\"}}").then().statusCode(200)
                .body("completionReport.url", org.hamcrest.Matchers.equalTo(target.url("/report")));
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            var rows = reportRows(queue + "/tasks/r1");
            return rows.size() == 1 && "DELIVERED".equals(rows.getFirst().getString("state"));
        });
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> reportCalls.get() == 3);
        var reports = target.hits("/report");
        assertEquals(3, reports.size());
        assertEquals(reports.get(0).bodyText(), reports.get(2).bodyText(), "every delivery carries the same report");
        JsonObject report = new JsonObject(reports.get(2).bodyText());
        assertEquals(queue + "/tasks/r1", report.getString("task"));
        assertEquals(queue, report.getString("queue"));
        assertEquals("SUCCEEDED", report.getString("outcome"));
        assertEquals(3, report.getInteger("attempts"));
        assertEquals(200, report.getJsonObject("lastResponse").getInteger("status"));
        assertEquals("{\"charged\":true}", new String(Base64.getDecoder().decode(
                report.getJsonObject("lastResponse").getString("body"))));
        assertEquals(report.getString("reportId"), reports.get(2).header("X-Baton-Report-Id"));
        JsonObject claims;
        try {
            claims = Jwt.verify(reports.get(2).header("Authorization"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals(target.url("/report"), claims.getString("aud"));
        assertEquals(3, reportRows(queue + "/tasks/r1").getFirst().getInteger("attempts"));
    }

    @Test
    void completionReport_attemptsExhausted_reportsFailedWithLastStatus() {
        String queue = createQueue(uniqueQueueId("exhaust"), "\"retryConfig\":{\"maxAttempts\":2,\"minBackoff\":"
                + "\"0.050s\",\"maxBackoff\":\"0.050s\"}");
        target.on("/doomed", hit -> new Reply(422, "card declined", Map.of()));
        createTask(queue, "{\"name\":\"" + queue + "/tasks/d1\",\"httpRequest\":{\"url\":\"" + target.url("/doomed")
                + "\"},\"completionReport\":{\"url\":\"" + target.url("/report-d") + "\"}}").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> target.hits("/report-d").size() == 1);
        JsonObject report = new JsonObject(target.hits("/report-d").getFirst().bodyText());
        assertEquals("FAILED", report.getString("outcome"));
        assertEquals(2, report.getInteger("attempts"));
        assertEquals(422, report.getJsonObject("lastResponse").getInteger("status"));
        assertEquals("card declined", new String(Base64.getDecoder().decode(
                report.getJsonObject("lastResponse").getString("body"))));
        assertEquals(2, target.hits("/doomed").size());
        assertEquals("FAILED", taskRow(queue, "d1").getString("state"));
    }

    @Test
    void completionReport_taskDeletedBeforeDispatch_reportsDeleted() {
        String queue = createQueue(uniqueQueueId("delrep"), "");
        given().post("/v2/" + queue + ":pause").then().statusCode(200);
        createTask(queue, "{\"name\":\"" + queue + "/tasks/gone\",\"httpRequest\":{\"url\":\"" + target.url("/never")
                + "\"},\"completionReport\":{\"url\":\"" + target.url("/report-del") + "\"}}").then().statusCode(200);
        given().delete("/v2/" + queue + "/tasks/gone").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> target.hits("/report-del").size() == 1);
        JsonObject report = new JsonObject(target.hits("/report-del").getFirst().bodyText());
        assertEquals("DELETED", report.getString("outcome"));
        assertEquals(0, report.getInteger("attempts"));
        assertTrue(target.hits("/never").isEmpty());
    }
}
