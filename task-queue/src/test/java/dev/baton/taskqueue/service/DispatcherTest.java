package dev.baton.taskqueue.service;

import static dev.baton.taskqueue.support.Api.createQueue;
import static dev.baton.taskqueue.support.Api.createTask;
import static dev.baton.taskqueue.support.Api.uniqueQueueId;
import static dev.baton.taskqueue.support.Db.instant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.taskqueue.repository.TaskQueries;
import dev.baton.taskqueue.support.Db;
import dev.baton.taskqueue.support.Jwt;
import dev.baton.taskqueue.support.TestTarget;
import dev.baton.taskqueue.support.TestTarget.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live dispatcher against a local target: what it sends, and how each kind of answer (2xx, other status, no
 * connection, no answer in time, 429/503) changes the task and the queue. Wake-ups must come from NOTIFY and
 * timers: the test poll is 10 s, so every deadline below that proves a task did not wait for it.
 */
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

    private String metricsOf(String queue) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.contains("queue=\"" + queue + "\"")).collect(Collectors.joining("\n"));
    }

    @Test
    void dispatch_dueTask_sendsRequestWithCloudTasksHeadersAndTraceContext() {
        String queueId = uniqueQueueId("headers");
        String queue = createQueue(queueId, "");
        String body = Base64.getEncoder().encodeToString("{\"order\":7}".getBytes());
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        given().contentType("application/json").header("traceparent", traceparent).header("tracestate", "baton=1")
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
        assertEquals("h1", hit.header("X-CloudTasks-TaskName"), "a task cannot forge the X-CloudTasks-* headers");
        assertEquals("0", hit.header("X-CloudTasks-TaskRetryCount"));
        assertEquals("0", hit.header("X-CloudTasks-TaskExecutionCount"));
        assertNull(hit.header("X-CloudTasks-TaskPreviousResponse"));
        assertNull(hit.header("X-CloudTasks-TaskRetryReason"));
        assertEquals(traceparent, hit.header("traceparent"));
        assertEquals("baton=1", hit.header("tracestate"));
        assertNull(hit.header("Authorization"));
        await().atMost(Duration.ofSeconds(2)).until(() -> "SUCCEEDED".equals(Db.state(pool, queue, "h1")));
        Row row = Db.task(pool, queue, "h1");
        assertEquals(traceparent, row.getString("traceparent"), "trace context is stored with the task");
        Instant eta = instant(row, "first_attempt_schedule_time");
        assertEquals("%d.%06d".formatted(eta.getEpochSecond(), eta.getNano() / 1000), hit.header("X-CloudTasks-TaskETA"));
        given().get("/v2/" + queue + "/tasks/h1").then().statusCode(404);
        String metrics = metricsOf(queue);
        assertTrue(metrics.contains("baton_taskqueue_dispatches_total{queue=\"" + queue + "\"} 1.0"), metrics);
        assertTrue(metrics.contains("baton_taskqueue_attempts_total{outcome=\"succeeded\",queue=\"" + queue
                + "\"} 1.0"), metrics);
        assertTrue(metrics.contains("baton_taskqueue_schedule_to_dispatch_seconds_count{queue=\"" + queue
                + "\"} 1"), metrics);
    }

    @Test
    void dispatch_tasksCreatedOneAfterAnother_eachArrivesLongBeforeTheNextPoll() {
        // Polls are at least 10 s apart, so of tasks created one after another, at most one could be found by a
        // poll within these deadlines: the others prove the wake-up from CreateTask.
        String queue = createQueue(uniqueQueueId("latency"), "");
        for (int i = 0; i < 3; i++) {
            String path = "/fast/" + i;
            createTask(queue, "{\"httpRequest\":{\"url\":\"" + target.url(path) + "\"}}").then().statusCode(200);
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(2))
                    .until(() -> target.hits(path).size() == 1);
        }
    }

    @Test
    void dispatch_futureTask_goesAtItsScheduleTimeNeverBefore() {
        // Due in 1.5 s, far sooner than the next poll (10 s): only the dispatcher's own timer can send it in time.
        String queue = createQueue(uniqueQueueId("later"), "");
        Instant due = Instant.now().plusMillis(1500).truncatedTo(ChronoUnit.MICROS);
        createTask(queue, "{\"name\":\"" + queue + "/tasks/later\",\"scheduleTime\":\"" + due + "\",\"httpRequest\":"
                + "{\"url\":\"" + target.url("/later") + "\"}}").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> "SUCCEEDED".equals(Db.state(pool, queue, "later")));
        Row row = Db.task(pool, queue, "later");
        assertEquals(due, instant(row, "first_attempt_schedule_time"));
        assertFalse(instant(row, "first_attempt_dispatch_time").isBefore(due), "claimed before it was due");
        var hit = target.hits("/later").getFirst();
        assertEquals("%d.%06d".formatted(due.getEpochSecond(), due.getNano() / 1000), hit.header("X-CloudTasks-TaskETA"));
    }

    @Test
    void dispatch_taskAddedByAnotherInstance_isWokenByNotify() {
        // Another instance's CreateTask: the row appears in the database and a NOTIFY names the queue; nothing in
        // this process is told directly. Two tasks one after another cannot both be found by polls 10 s apart.
        String queue = createQueue(uniqueQueueId("notify"), "");
        for (int i = 0; i < 2; i++) {
            String path = "/elsewhere/" + i;
            var task = new TaskQueries.NewTask(queue, "other-" + i, "POST", target.url(path), Map.of(), null, null,
                    Duration.ofSeconds(30), null, null, null, Instant.now().truncatedTo(ChronoUnit.MICROS));
            TaskQueries.insert(pool, task, Instant.now().truncatedTo(ChronoUnit.MICROS))
                    .compose(t -> TaskQueries.notify(pool, List.of(queue), "another-instance"))
                    .toCompletionStage().toCompletableFuture().join();
            await().atMost(Duration.ofSeconds(2)).until(() -> target.hits(path).size() == 1);
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
        assertEquals("worker@baton.iam", a.getString("email"));
        assertEquals(300, a.getLong("exp") - a.getLong("iat"));
        JsonObject b = Jwt.verify(target.hits("/secure/b").getFirst().header("Authorization"));
        assertEquals("https://orders.baton", b.getString("aud"));
        given().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("issuer", org.hamcrest.Matchers.equalTo("http://task-queue.test"))
                .body("jwks_uri", org.hamcrest.Matchers.equalTo("http://task-queue.test/.well-known/jwks.json"));
    }

    @Test
    void dispatch_failingThenSucceeding_retriesWithHeadersAndTheQueuesBackoff() {
        String queue = createQueue(uniqueQueueId("retry"), "\"retryConfig\":{\"maxAttempts\":5,\"minBackoff\":"
                + "\"0.200s\",\"maxBackoff\":\"1s\",\"maxDoublings\":1}");
        var calls = new AtomicInteger();
        target.on("/flaky", hit -> calls.incrementAndGet() < 3 ? Reply.of(500) : Reply.of(200));
        createTask(queue, "{\"name\":\"" + queue + "/tasks/f1\",\"httpRequest\":{\"url\":\"" + target.url("/flaky")
                + "\"}}").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> "SUCCEEDED".equals(Db.state(pool, queue, "f1")));
        var hits = target.hits("/flaky");
        assertEquals(3, hits.size());
        assertEquals("1", hits.get(1).header("X-CloudTasks-TaskRetryCount"));
        assertEquals("500", hits.get(1).header("X-CloudTasks-TaskPreviousResponse"));
        assertEquals("HTTP_500", hits.get(1).header("X-CloudTasks-TaskRetryReason"));
        assertEquals("0", hits.get(1).header("X-CloudTasks-TaskExecutionCount"), "5xx answers are not executions");
        assertEquals("2", hits.get(2).header("X-CloudTasks-TaskRetryCount"));
        Row done = Db.task(pool, queue, "f1");
        assertEquals(3, done.getInteger("dispatch_count"));
        assertEquals(3, done.getInteger("response_count"));
        assertEquals(500, done.getInteger("first_attempt_status"));
        assertEquals(200, done.getInteger("last_attempt_status"));
        // The third attempt was due exactly backoff(2) = 0.4 s after the second one's response (stored times).
        Instant etaOfThird = Instant.ofEpochSecond(Long.parseLong(hits.get(2).header("X-CloudTasks-TaskETA")
                .split("\\.")[0]), Long.parseLong(hits.get(2).header("X-CloudTasks-TaskETA").split("\\.")[1]) * 1000);
        assertEquals(instant(done, "last_attempt_schedule_time"), etaOfThird);
        assertFalse(instant(done, "last_attempt_dispatch_time").isBefore(etaOfThird), "a retry never goes early");
        assertTrue(metricsOf(queue).contains("baton_taskqueue_attempts_total{outcome=\"retried\",queue=\"" + queue
                + "\"} 2.0"), metricsOf(queue));
    }

    @Test
    void dispatch_noAnswerWithinDeadlineOrConnectionDropped_retriesWithTheReason() {
        String queue = createQueue(uniqueQueueId("errors"), "\"retryConfig\":{\"minBackoff\":\"0.100s\","
                + "\"maxBackoff\":\"0.100s\"}");
        var release = new CountDownLatch(1);
        var hangCalls = new AtomicInteger();
        target.on("/hang", hit -> {
            if (hangCalls.incrementAndGet() == 1) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Reply.of(200);
        });
        var dropCalls = new AtomicInteger();
        target.on("/drop", hit -> dropCalls.incrementAndGet() == 1 ? Reply.drop() : Reply.of(200));
        try {
            // 15 s is the shortest dispatchDeadline Cloud Tasks allows, so this test waits that long once.
            createTask(queue, "{\"name\":\"" + queue + "/tasks/slow\",\"dispatchDeadline\":\"15s\",\"httpRequest\":"
                    + "{\"url\":\"" + target.url("/hang") + "\"}}").then().statusCode(200);
            createTask(queue, "{\"name\":\"" + queue + "/tasks/dropped\",\"httpRequest\":{\"url\":\""
                    + target.url("/drop") + "\"}}").then().statusCode(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(Db.state(pool, queue, "slow"))
                    && "SUCCEEDED".equals(Db.state(pool, queue, "dropped")));
        } finally {
            release.countDown();
        }
        var retriedSlow = target.hits("/hang").stream()
                .filter(h -> "1".equals(h.header("X-CloudTasks-TaskRetryCount"))).findFirst().orElseThrow();
        assertEquals("DEADLINE_EXCEEDED", retriedSlow.header("X-CloudTasks-TaskRetryReason"));
        assertNull(retriedSlow.header("X-CloudTasks-TaskPreviousResponse"), "there was no previous response");
        var retriedDrop = target.hits("/drop").getLast();
        assertEquals("1", retriedDrop.header("X-CloudTasks-TaskRetryCount"));
        assertEquals("CONNECTION_ERROR", retriedDrop.header("X-CloudTasks-TaskRetryReason"));
        Row slow = Db.task(pool, queue, "slow");
        assertEquals(2, slow.getInteger("dispatch_count"));
        assertEquals(1, slow.getInteger("response_count"), "the attempt that timed out got no response");
        assertNull(slow.getInteger("first_attempt_status"));
        Duration firstAttempt = Duration.between(instant(slow, "first_attempt_dispatch_time"),
                instant(slow, "first_attempt_response_time"));
        assertTrue(firstAttempt.compareTo(Duration.ofSeconds(15)) >= 0, "deadline enforced at 15 s: " + firstAttempt);
        Row dropped = Db.task(pool, queue, "dropped");
        assertEquals(2, dropped.getInteger("dispatch_count"));
        assertEquals(1, dropped.getInteger("response_count"));
    }

    @Test
    void dispatch_503WithoutRetryAfter_holdsTheQueueOneSecondFromTheAnswer() {
        String queue = createQueue(uniqueQueueId("unavail"), "");
        var calls = new AtomicInteger();
        target.on("/down", hit -> calls.incrementAndGet() == 1 ? Reply.of(503) : Reply.of(200));
        createTask(queue, "{\"name\":\"" + queue + "/tasks/a\",\"httpRequest\":{\"url\":\"" + target.url("/down/a")
                + "\"}}").then().statusCode(200);
        await().atMost(Duration.ofSeconds(2)).until(() -> {
            Row r = Db.task(pool, queue, "a");
            return r.getInteger("last_attempt_status") != null;
        });
        Row failed = Db.task(pool, queue, "a");
        Instant answeredAt = instant(failed, "last_attempt_response_time");
        Instant held = instant(Db.one(pool, "SELECT throttled_until FROM queue WHERE name = $1", queue),
                "throttled_until");
        assertEquals(answeredAt.plusSeconds(1), held, "503 without Retry-After holds the queue for 1 s");
        createTask(queue, "{\"name\":\"" + queue + "/tasks/b\",\"httpRequest\":{\"url\":\"" + target.url("/down/b")
                + "\"}}").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> "SUCCEEDED".equals(Db.state(pool, queue, "a"))
                && "SUCCEEDED".equals(Db.state(pool, queue, "b")));
        for (String id : List.of("a", "b")) {
            Instant dispatched = instant(Db.task(pool, queue, id), "last_attempt_dispatch_time");
            assertFalse(dispatched.isBefore(held), id + " was dispatched at " + dispatched + ", before " + held);
        }
    }

    @Test
    void dispatch_429WithRetryAfterDate_holdsTheQueueAndTheTaskUntilThatDate() {
        String queue = createQueue(uniqueQueueId("throttle"), "");
        ZonedDateTime until = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        String header = DateTimeFormatter.RFC_1123_DATE_TIME.format(until);
        var calls = new AtomicInteger();
        target.on("/busy", hit -> calls.incrementAndGet() == 1
                ? new Reply(429, "slow down", Map.of("Retry-After", header)) : Reply.of(200));
        createTask(queue, "{\"name\":\"" + queue + "/tasks/a\",\"httpRequest\":{\"url\":\"" + target.url("/busy/a")
                + "\"}}").then().statusCode(200);
        await().atMost(Duration.ofSeconds(2)).until(() -> Db.task(pool, queue, "a").getInteger("last_attempt_status")
                != null);
        Row retry = Db.task(pool, queue, "a");
        assertEquals("PENDING", retry.getString("state"));
        assertEquals(until.toInstant(), instant(retry, "schedule_time"), "the retry waits for Retry-After");
        assertEquals(until.toInstant(), instant(Db.one(pool, "SELECT throttled_until FROM queue WHERE name = $1",
                queue), "throttled_until"), "and so does the whole queue");
        createTask(queue, "{\"name\":\"" + queue + "/tasks/b\",\"httpRequest\":{\"url\":\"" + target.url("/busy/b")
                + "\"}}").then().statusCode(200);
        await().atMost(Duration.ofSeconds(8)).until(() -> "SUCCEEDED".equals(Db.state(pool, queue, "a"))
                && "SUCCEEDED".equals(Db.state(pool, queue, "b")));
        for (String id : List.of("a", "b")) {
            Instant dispatched = instant(Db.task(pool, queue, id), "last_attempt_dispatch_time");
            assertFalse(dispatched.isBefore(until.toInstant()), id + " went at " + dispatched);
        }
        assertEquals("429", target.hits("/busy/a").getLast().header("X-CloudTasks-TaskPreviousResponse"));
        assertEquals("HTTP_429", target.hits("/busy/a").getLast().header("X-CloudTasks-TaskRetryReason"));
    }

    @Test
    void getTask_afterFailedAttempts_showsCountsAndFirstAndLastAttempt() {
        // Backoff of an hour: the retries happen only when RunTask asks for them.
        String queue = createQueue(uniqueQueueId("attempts"), "\"retryConfig\":{\"minBackoff\":\"3600s\","
                + "\"maxBackoff\":\"3600s\"}");
        var calls = new AtomicInteger();
        target.on("/status", hit -> switch (calls.incrementAndGet()) {
            case 1 -> Reply.of(500);
            case 2 -> Reply.of(404);
            default -> Reply.of(200);
        });
        createTask(queue, "{\"name\":\"" + queue + "/tasks/s\",\"httpRequest\":{\"url\":\"" + target.url("/status")
                + "\"}}").then().statusCode(200);
        createTask(queue, "{\"name\":\"" + queue + "/tasks/refused\",\"httpRequest\":{\"url\":\"http://127.0.0.1:9/\"}}")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> Db.task(pool, queue, "s").getInteger("response_count") == 1
                && Db.task(pool, queue, "refused").getString("last_attempt_error") != null);

        Row s = Db.task(pool, queue, "s");
        JsonPath one = given().get("/v2/" + queue + "/tasks/s").then().statusCode(200).extract().jsonPath();
        assertEquals(1, one.getInt("dispatchCount"));
        assertEquals(1, one.getInt("responseCount"));
        assertEquals(instant(s, "first_attempt_dispatch_time"), Instant.parse(one.getString("firstAttempt.dispatchTime")));
        assertEquals(instant(s, "last_attempt_response_time"), Instant.parse(one.getString("lastAttempt.responseTime")));
        assertEquals(13, one.getInt("lastAttempt.responseStatus.code"), "HTTP 500 is google.rpc INTERNAL");
        assertEquals("HTTP 500", one.getString("lastAttempt.responseStatus.message"));
        assertEquals(instant(s, "last_attempt_response_time").plusSeconds(3600), Instant.parse(one.getString("scheduleTime")));

        JsonPath refused = given().get("/v2/" + queue + "/tasks/refused").then().statusCode(200).extract().jsonPath();
        assertEquals(1, refused.getInt("dispatchCount"));
        assertEquals(0, refused.getInt("responseCount"), "a connection error is not a response");
        assertEquals(14, refused.getInt("lastAttempt.responseStatus.code"), "UNAVAILABLE");
        assertTrue(refused.getString("lastAttempt.responseStatus.message").startsWith("CONNECTION_ERROR"),
                refused.getString("lastAttempt.responseStatus.message"));

        given().contentType("application/json").body("{}").post("/v2/" + queue + "/tasks/s:run").then().statusCode(200);
        await().atMost(Duration.ofSeconds(3)).until(() -> Db.task(pool, queue, "s").getInteger("response_count") == 2);
        JsonPath two = given().get("/v2/" + queue + "/tasks/s").then().statusCode(200).extract().jsonPath();
        assertEquals(2, two.getInt("dispatchCount"));
        assertEquals(2, two.getInt("responseCount"));
        assertEquals(5, two.getInt("lastAttempt.responseStatus.code"), "HTTP 404 is google.rpc NOT_FOUND");
        assertEquals(one.getString("firstAttempt.dispatchTime"), two.getString("firstAttempt.dispatchTime"),
                "the first attempt stays the first");
        assertTrue(Instant.parse(two.getString("lastAttempt.dispatchTime"))
                .isAfter(Instant.parse(one.getString("lastAttempt.dispatchTime"))));

        given().contentType("application/json").body("{}").post("/v2/" + queue + "/tasks/s:run").then().statusCode(200);
        await().atMost(Duration.ofSeconds(3)).until(() -> "SUCCEEDED".equals(Db.state(pool, queue, "s")));
        Row done = Db.task(pool, queue, "s");
        assertEquals(3, done.getInteger("dispatch_count"));
        assertEquals(3, done.getInteger("response_count"));
        assertEquals(500, done.getInteger("first_attempt_status"));
        assertEquals(200, done.getInteger("last_attempt_status"));
        assertEquals("0", target.hits("/status").get(1).header("X-CloudTasks-TaskExecutionCount"));
        assertEquals("1", target.hits("/status").get(2).header("X-CloudTasks-TaskExecutionCount"),
                "the 404 counts as an execution, the 500 does not");
        assertEquals("404", target.hits("/status").get(2).header("X-CloudTasks-TaskPreviousResponse"));
    }

    @Test
    void metrics_depthGauge_followsLiveTasksPerQueue() {
        String queue = createQueue(uniqueQueueId("depth"), "");
        given().post("/v2/" + queue + ":pause").then().statusCode(200);
        for (int i = 0; i < 3; i++) {
            createTask(queue, "{\"httpRequest\":{\"url\":\"" + target.url("/depth") + "\"}}").then().statusCode(200);
        }
        String gauge = "baton_taskqueue_depth{queue=\"" + queue + "\"} ";
        await().atMost(Duration.ofSeconds(5)).until(() -> metricsOf(queue).contains(gauge + "3.0"));
        given().post("/v2/" + queue + ":resume").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> metricsOf(queue).contains(gauge + "0.0"));
        assertEquals(3, target.hits("/depth").size());
        String metrics = metricsOf(queue);
        assertTrue(metrics.contains("baton_taskqueue_dispatches_total{queue=\"" + queue + "\"} 3.0"), metrics);
        assertTrue(metrics.contains("baton_taskqueue_schedule_to_dispatch_seconds_bucket{queue=\"" + queue), metrics);
    }
}
