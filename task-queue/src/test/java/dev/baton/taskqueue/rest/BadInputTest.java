package dev.baton.taskqueue.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.taskqueue.support.Db;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input the API refuses, one row each: the exact HTTP status, the AIP-193 shape
 * ({@code {"error":{"code","message","status"}}} and nothing else, code equal to the HTTP status), the exact message,
 * and nothing written: the queue, task and report rows under this test's project are the same after the refusal as
 * before it.
 */
@QuarkusTest
class BadInputTest {

    static final String PROJECT = "bad-input-" + UUID.randomUUID().toString().substring(0, 8);
    static final String P = "projects/" + PROJECT + "/locations/us-central1";
    static final String Q = P + "/queues/q";
    private static final String URL = "http://127.0.0.1:9/x";
    private static boolean prepared;

    @Inject
    Pool pool;

    @TestHTTPResource("/")
    URL service;

    /** One refused request; {@code message} ending in "..." is matched as a prefix. */
    record Case(String name, String method, String path, String body, int status, String rpcStatus, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, String method, String path, String body, int status, String rpcStatus,
            String message) {
        return new Case(name, method, path, body, status, rpcStatus, message);
    }

    private static String task(String fields) {
        return "{\"task\":{" + fields + "}}";
    }

    private static String http(String fields) {
        return task("\"httpRequest\":{" + fields + "}");
    }

    static Stream<Case> cases() {
        String far = Instant.now().plus(Duration.ofDays(31)).truncatedTo(ChronoUnit.SECONDS).toString();
        String bodyOverOneMb = Base64.getEncoder().encodeToString(new byte[1024 * 1024 + 1]);
        String invalidId = ": it must be 1 to 100 letters ([A-Za-z]), digits ([0-9]) or hyphens (-)";
        String noTask = " does not exist (or has already succeeded, failed for good or been deleted)";
        return Stream.of(
                // ---- malformed names -------------------------------------------------------------------------
                c("project id", "POST", "projects/bad!p/locations/l/queues", "{\"name\":\"x\"}", 400,
                        "INVALID_ARGUMENT", "Invalid project id 'bad!p'"),
                c("location id", "GET", "projects/p/locations/bad_loc/queues", null, 400, "INVALID_ARGUMENT",
                        "Invalid location id 'bad_loc'"),
                c("queue id", "POST", P + "/queues", "{\"name\":\"" + P + "/queues/bad_name!\"}", 400,
                        "INVALID_ARGUMENT", "Invalid queue id 'bad_name!'" + invalidId),
                c("queue id in path", "GET", P + "/queues/under_score", null, 400, "INVALID_ARGUMENT",
                        "Invalid queue id 'under_score'" + invalidId),
                c("queue under another location", "POST", P + "/queues",
                        "{\"name\":\"projects/x/locations/y/queues/q1\"}", 400, "INVALID_ARGUMENT",
                        "queue.name must have the form " + P + "/queues/QUEUE_ID, got 'projects/x/locations/y/queues/q1'"),
                c("queue without name", "POST", P + "/queues", "{}", 400, "INVALID_ARGUMENT", "queue.name is required"),
                c("patch name mismatch", "PATCH", Q, "{\"name\":\"" + P + "/queues/other\"}", 400,
                        "INVALID_ARGUMENT", "queue.name '" + P + "/queues/other' does not match the path " + Q),
                c("task id", "POST", Q + "/tasks", task("\"name\":\"" + Q + "/tasks/has space\",\"httpRequest\":{"
                        + "\"url\":\"" + URL + "\"}"), 400, "INVALID_ARGUMENT", "Invalid task id 'has space': it must "
                        + "be 1 to 500 letters ([A-Za-z]), digits ([0-9]), hyphens (-) or underscores (_)"),
                c("task of another queue", "POST", Q + "/tasks", task("\"name\":\"" + P + "/queues/o/tasks/x\","
                        + "\"httpRequest\":{\"url\":\"" + URL + "\"}"), 400, "INVALID_ARGUMENT",
                        "task.name '" + P + "/queues/o/tasks/x' must have the form " + Q + "/tasks/TASK_ID"),
                c("task id in path", "GET", Q + "/tasks/a.b", null, 400, "INVALID_ARGUMENT", "Invalid task id 'a.b': "
                        + "it must be 1 to 500 letters ([A-Za-z]), digits ([0-9]), hyphens (-) or underscores (_)"),

                // ---- unknown queue or task -------------------------------------------------------------------
                c("get unknown queue", "GET", P + "/queues/nope", null, 404, "NOT_FOUND",
                        "Queue " + P + "/queues/nope does not exist"),
                c("pause unknown queue", "POST", P + "/queues/nope:pause", null, 404, "NOT_FOUND",
                        "Queue " + P + "/queues/nope does not exist"),
                c("resume unknown queue", "POST", P + "/queues/nope:resume", null, 404, "NOT_FOUND",
                        "Queue " + P + "/queues/nope does not exist"),
                c("purge unknown queue", "POST", P + "/queues/nope:purge", null, 404, "NOT_FOUND",
                        "Queue " + P + "/queues/nope does not exist"),
                c("delete unknown queue", "DELETE", P + "/queues/nope", null, 404, "NOT_FOUND",
                        "Queue " + P + "/queues/nope does not exist"),
                c("task in unknown queue", "POST", P + "/queues/nope/tasks", http("\"url\":\"" + URL + "\""), 404,
                        "NOT_FOUND", "Queue " + P + "/queues/nope does not exist"),
                c("list tasks of unknown queue", "GET", P + "/queues/nope/tasks", null, 404, "NOT_FOUND",
                        "Queue " + P + "/queues/nope does not exist"),
                c("get unknown task", "GET", Q + "/tasks/ghost", null, 404, "NOT_FOUND", "Task " + Q + "/tasks/ghost"
                        + noTask),
                c("delete unknown task", "DELETE", Q + "/tasks/ghost", null, 404, "NOT_FOUND", "Task " + Q
                        + "/tasks/ghost" + noTask),
                c("run unknown task", "POST", Q + "/tasks/ghost:run", "{}", 404, "NOT_FOUND", "Task " + Q
                        + "/tasks/ghost" + noTask),

                // ---- names taken -----------------------------------------------------------------------------
                c("existing queue", "POST", P + "/queues", "{\"name\":\"" + Q + "\"}", 409, "ALREADY_EXISTS",
                        "Queue " + Q + " already exists"),
                c("existing task", "POST", Q + "/tasks", task("\"name\":\"" + Q + "/tasks/dup\",\"httpRequest\":{"
                        + "\"url\":\"" + URL + "\"}"), 409, "ALREADY_EXISTS", "Task " + Q + "/tasks/dup already exists,"
                        + " or was deleted or completed less than 60 minutes ago"),

                // ---- sizes and times -------------------------------------------------------------------------
                c("body over 1 MB", "POST", Q + "/tasks", http("\"url\":\"" + URL + "\",\"body\":\"" + bodyOverOneMb
                        + "\""), 400, "INVALID_ARGUMENT", "Task body is 1048577 bytes; the maximum is 1048576 bytes (1 MB)"),
                c("request over 2 MB", "POST", Q + "/tasks", http("\"url\":\"" + URL + "\",\"body\":\""
                        + "A".repeat(2 * 1024 * 1024) + "\""), 400, "INVALID_ARGUMENT",
                        "Request payload size exceeds the limit: 2097152 bytes."),
                c("schedule past 30 days", "POST", Q + "/tasks", task("\"scheduleTime\":\"" + far + "\",\"httpRequest\":"
                        + "{\"url\":\"" + URL + "\"}"), 400, "INVALID_ARGUMENT", "task.scheduleTime " + far
                        + " is more than 30 days in the future"),
                c("schedule not a timestamp", "POST", Q + "/tasks", task("\"scheduleTime\":\"tomorrow\","
                        + "\"httpRequest\":{\"url\":\"" + URL + "\"}"), 400, "INVALID_ARGUMENT",
                        "Invalid value at 'task.schedule_time': 'tomorrow' is not an RFC 3339 timestamp"),

                // ---- URLs ------------------------------------------------------------------------------------
                c("url missing", "POST", Q + "/tasks", http(""), 400, "INVALID_ARGUMENT",
                        "task.httpRequest.url is required"),
                c("url not http", "POST", Q + "/tasks", http("\"url\":\"ftp://example.com/x\""), 400,
                        "INVALID_ARGUMENT", "task.httpRequest.url must be an absolute http:// or https:// URL, got "
                        + "'ftp://example.com/x'"),
                c("url without host", "POST", Q + "/tasks", http("\"url\":\"http:///x\""), 400, "INVALID_ARGUMENT",
                        "task.httpRequest.url must be an absolute http:// or https:// URL, got 'http:///x'"),
                c("url unparsable", "POST", Q + "/tasks", http("\"url\":\"not a url\""), 400, "INVALID_ARGUMENT",
                        "task.httpRequest.url is not a valid URL: Illegal character in path at index 3: not a url"),
                c("report url relative", "POST", Q + "/tasks", task("\"httpRequest\":{\"url\":\"" + URL + "\"},"
                        + "\"completionReport\":{\"url\":\"/relative\"}"), 400, "INVALID_ARGUMENT",
                        "task.completionReport.url must be an absolute http:// or https:// URL, got '/relative'"),

                // ---- durations -------------------------------------------------------------------------------
                c("deadline not a duration", "POST", Q + "/tasks", task("\"dispatchDeadline\":\"10m\",\"httpRequest\":"
                        + "{\"url\":\"" + URL + "\"}"), 400, "INVALID_ARGUMENT", "Invalid value at "
                        + "'task.dispatch_deadline': '10m' is not a duration such as \"0.500s\" or \"30s\""),
                c("deadline under 15 s", "POST", Q + "/tasks", task("\"dispatchDeadline\":\"14.999s\","
                        + "\"httpRequest\":{\"url\":\"" + URL + "\"}"), 400, "INVALID_ARGUMENT",
                        "task.dispatchDeadline must be between 15s and 1800s, got 14.999s"),
                c("deadline over 30 min", "POST", Q + "/tasks", task("\"dispatchDeadline\":\"1800.001s\","
                        + "\"httpRequest\":{\"url\":\"" + URL + "\"}"), 400, "INVALID_ARGUMENT",
                        "task.dispatchDeadline must be between 15s and 1800s, got 1800.001s"),
                c("deadline negative", "POST", Q + "/tasks", task("\"dispatchDeadline\":\"-20s\",\"httpRequest\":{"
                        + "\"url\":\"" + URL + "\"}"), 400, "INVALID_ARGUMENT",
                        "task.dispatchDeadline must be between 15s and 1800s, got -20.0s"),
                c("min backoff not a duration", "POST", P + "/queues", "{\"name\":\"" + P + "/queues/d1\","
                        + "\"retryConfig\":{\"minBackoff\":\"5 seconds\"}}", 400, "INVALID_ARGUMENT", "Invalid value at "
                        + "'queue.retry_config.min_backoff': '5 seconds' is not a duration such as \"0.500s\" or \"30s\""),
                c("retry duration not a duration", "POST", P + "/queues", "{\"name\":\"" + P + "/queues/d2\","
                        + "\"retryConfig\":{\"maxRetryDuration\":\"1h\"}}", 400, "INVALID_ARGUMENT", "Invalid value at "
                        + "'queue.retry_config.max_retry_duration': '1h' is not a duration such as \"0.500s\" or \"30s\""),
                c("min backoff negative", "POST", P + "/queues", "{\"name\":\"" + P + "/queues/d3\","
                        + "\"retryConfig\":{\"minBackoff\":\"-1s\"}}", 400, "INVALID_ARGUMENT",
                        "retryConfig.minBackoff must not be negative"),
                c("max backoff below min", "POST", P + "/queues", "{\"name\":\"" + P + "/queues/d4\","
                        + "\"retryConfig\":{\"minBackoff\":\"10s\",\"maxBackoff\":\"1s\"}}", 400, "INVALID_ARGUMENT",
                        "retryConfig.maxBackoff (1000 ms) must not be shorter than retryConfig.minBackoff (10000 ms)"),
                c("patch bad duration", "PATCH", Q, "{\"retryConfig\":{\"maxBackoff\":\"forever\"}}", 400,
                        "INVALID_ARGUMENT", "Invalid value at 'queue.retry_config.max_backoff': 'forever' is not a "
                        + "duration such as \"0.500s\" or \"30s\""),

                // ---- limits and other fields -----------------------------------------------------------------
                c("rate zero", "POST", P + "/queues", "{\"name\":\"" + P + "/queues/l1\",\"rateLimits\":{"
                        + "\"maxDispatchesPerSecond\":0}}", 400, "INVALID_ARGUMENT",
                        "rateLimits.maxDispatchesPerSecond must be greater than 0 and at most 10000, got 0.0"),
                c("rate too high", "PATCH", Q, "{\"rateLimits\":{\"maxDispatchesPerSecond\":10001}}", 400,
                        "INVALID_ARGUMENT",
                        "rateLimits.maxDispatchesPerSecond must be greater than 0 and at most 10000, got 10001.0"),
                c("concurrency too high", "POST", P + "/queues", "{\"name\":\"" + P + "/queues/l2\",\"rateLimits\":{"
                        + "\"maxConcurrentDispatches\":5001}}", 400, "INVALID_ARGUMENT",
                        "rateLimits.maxConcurrentDispatches must be between 1 and 5000, got 5001"),
                c("burst too high", "POST", P + "/queues", "{\"name\":\"" + P + "/queues/l3\",\"rateLimits\":{"
                        + "\"maxBurstSize\":10001}}", 400, "INVALID_ARGUMENT",
                        "rateLimits.maxBurstSize must be between 1 and 10000, got 10001"),
                c("attempts below -1", "POST", P + "/queues", "{\"name\":\"" + P + "/queues/l4\",\"retryConfig\":{"
                        + "\"maxAttempts\":-2}}", 400, "INVALID_ARGUMENT",
                        "retryConfig.maxAttempts must be -1 (unlimited) or positive, got -2"),
                c("doublings negative", "POST", P + "/queues", "{\"name\":\"" + P + "/queues/l5\",\"retryConfig\":{"
                        + "\"maxDoublings\":-1}}", 400, "INVALID_ARGUMENT", "retryConfig.maxDoublings must not be "
                        + "negative, got -1"),
                c("concurrency not an integer", "POST", P + "/queues", "{\"name\":\"" + P + "/queues/l6\","
                        + "\"rateLimits\":{\"maxConcurrentDispatches\":1.5}}", 400, "INVALID_ARGUMENT",
                        "Invalid value at 'queue.rate_limits.max_concurrent_dispatches': 1.5 is not a 32-bit integer"),
                c("update mask path", "PATCH", Q + "?updateMask=state", "{}", 400, "INVALID_ARGUMENT",
                        "updateMask path 'state' is not supported; use rateLimits, retryConfig or their fields"),
                c("queue verb", "POST", Q + ":explode", null, 400, "INVALID_ARGUMENT",
                        "Unknown queue method ':explode'"),
                c("task verb", "POST", Q + "/tasks/x:explode", "{}", 400, "INVALID_ARGUMENT",
                        "Expected {task}:run, got 'x:explode'"),
                c("filter field", "GET", P + "/queues?filter=name:x", null, 400, "INVALID_ARGUMENT",
                        "Unsupported filter 'name:x': use 'state: STATE'"),
                c("filter state", "GET", P + "/queues?filter=state:SLEEPING", null, 400, "INVALID_ARGUMENT",
                        "Unknown queue state 'SLEEPING' in filter"),
                c("page size negative", "GET", P + "/queues?pageSize=-1", null, 400, "INVALID_ARGUMENT",
                        "pageSize must not be negative, got -1"),
                c("page size text", "GET", Q + "/tasks?pageSize=ten", null, 400, "INVALID_ARGUMENT",
                        "pageSize must be an integer, got 'ten'"),
                c("queue page token with NUL", "GET", P + "/queues?pageToken=AA", null, 400, "INVALID_ARGUMENT",
                        "Invalid pageToken"),
                c("task page token", "GET", Q + "/tasks?pageToken=abc", null, 400, "INVALID_ARGUMENT",
                        "Invalid pageToken"),
                c("response view", "GET", Q + "/tasks/dup?responseView=HUGE", null, 400, "INVALID_ARGUMENT",
                        "Invalid value for responseView: 'HUGE' (BASIC, FULL, 1 or 2)"),
                c("invalid JSON", "POST", P + "/queues", "{\"name\":", 400, "INVALID_ARGUMENT",
                        "Invalid JSON payload received: ..."),
                c("JSON not an object", "POST", Q + "/tasks", "[]", 400, "INVALID_ARGUMENT",
                        "Invalid JSON payload received: expected an object"),
                c("no task", "POST", Q + "/tasks", "{}", 400, "INVALID_ARGUMENT", "task is required"),
                c("no http request", "POST", Q + "/tasks", task(""), 400, "INVALID_ARGUMENT",
                        "task.httpRequest is required"),
                c("app engine request", "POST", Q + "/tasks", task("\"appEngineHttpRequest\":{}"), 400,
                        "INVALID_ARGUMENT", "task.appEngineHttpRequest is not supported: use task.httpRequest"),
                c("oauth token", "POST", Q + "/tasks", http("\"url\":\"" + URL + "\",\"oauthToken\":{"
                        + "\"serviceAccountEmail\":\"a@b.c\"}"), 400, "INVALID_ARGUMENT",
                        "task.http_request.oauth_token is not supported: use oidc_token"),
                c("http method number", "POST", Q + "/tasks", http("\"url\":\"" + URL + "\",\"httpMethod\":99"), 400,
                        "INVALID_ARGUMENT", "Invalid value at 'task.http_request.http_method': 99"),
                c("http method name", "POST", Q + "/tasks", http("\"url\":\"" + URL + "\",\"httpMethod\":\"FETCH\""),
                        400, "INVALID_ARGUMENT", "Invalid value at 'task.http_request.http_method': \"FETCH\""),
                c("body with GET", "POST", Q + "/tasks", http("\"url\":\"" + URL + "\",\"httpMethod\":\"GET\","
                        + "\"body\":\"e30=\""), 400, "INVALID_ARGUMENT",
                        "Task body is only allowed with POST, PUT or PATCH, not GET"),
                c("body not base64", "POST", Q + "/tasks", http("\"url\":\"" + URL + "\",\"body\":\"%%%\""), 400,
                        "INVALID_ARGUMENT", "Invalid value at 'task.http_request.body': not base64"),
                c("headers not an object", "POST", Q + "/tasks", http("\"url\":\"" + URL + "\",\"headers\":[1]"), 400,
                        "INVALID_ARGUMENT", "task.http_request.headers must be an object of strings"),
                c("header name", "POST", Q + "/tasks", http("\"url\":\"" + URL + "\",\"headers\":{\"Bad Name\":\"v\"}"),
                        400, "INVALID_ARGUMENT", "Invalid header name 'Bad Name' in task.httpRequest.headers"),
                c("header value with CRLF", "POST", Q + "/tasks", http("\"url\":\"" + URL + "\",\"headers\":{"
                        + "\"X-A\":\"a\\r\\nX-Injected: 1\"}"), 400, "INVALID_ARGUMENT",
                        "Invalid value of header 'X-A' in task.httpRequest.headers: control characters are not allowed"),
                c("header value with NUL", "POST", Q + "/tasks", http("\"url\":\"" + URL + "\",\"headers\":{"
                        + "\"X-A\":\"a\\u0000b\"}"), 400, "INVALID_ARGUMENT",
                        "Invalid value of header 'X-A' in task.httpRequest.headers: control characters are not allowed"),
                c("oidc without account", "POST", Q + "/tasks", http("\"url\":\"" + URL + "\",\"oidcToken\":{}"), 400,
                        "INVALID_ARGUMENT", "task.http_request.oidc_token.service_account_email is required"),
                c("oidc account not an email", "POST", Q + "/tasks", http("\"url\":\"" + URL + "\",\"oidcToken\":{"
                        + "\"serviceAccountEmail\":\"a\\u0000b\"}"), 400, "INVALID_ARGUMENT",
                        "task.httpRequest.oidcToken.serviceAccountEmail must be an email address such as "
                        + "worker@project.iam.gserviceaccount.com"),
                c("oidc audience with NUL", "POST", Q + "/tasks", http("\"url\":\"" + URL + "\",\"oidcToken\":{"
                        + "\"serviceAccountEmail\":\"w@p.iam\",\"audience\":\"x\\u0000\"}"), 400, "INVALID_ARGUMENT",
                        "task.httpRequest.oidcToken.audience must be a non-blank string of at most 2083 characters "
                        + "without control characters"));
    }

    @BeforeEach
    void prepare() {
        if (prepared) {
            return;
        }
        given().contentType("application/json").body("{\"name\":\"" + Q + "\"}").post("/v2/" + P + "/queues")
                .then().statusCode(200);
        given().post("/v2/" + Q + ":pause").then().statusCode(200);
        given().contentType("application/json").body(task("\"name\":\"" + Q + "/tasks/dup\",\"httpRequest\":{"
                + "\"url\":\"" + URL + "\"}")).post("/v2/" + Q + "/tasks").then().statusCode(200);
        prepared = true;
    }

    /** Everything stored under this test's project, as one string: equal before and after means nothing written. */
    private String stored() {
        String like = P + "/%";
        return Db.one(pool, """
                SELECT (SELECT coalesce(string_agg(q::text, '|' ORDER BY q.name), '') FROM queue q WHERE q.name LIKE $1)
                    || '#' || (SELECT coalesce(string_agg(t::text, '|' ORDER BY t.id), '') FROM task t
                               WHERE t.queue_name LIKE $1)
                    || '#' || (SELECT count(*) FROM completion_report r WHERE r.task_name LIKE $1) AS s""", like)
                .getString("s");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInput_isRefusedInTheV2ErrorShapeAndWritesNothing(Case c) {
        String before = stored();
        var request = given().urlEncodingEnabled(false);
        if (c.body() != null) {
            request = request.contentType("application/json").body(c.body());
        }
        Response response = request.request(c.method(), "/v2/" + c.path());
        assertEquals(c.status(), response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        assertError(new JsonObject(response.asString()), c.status(), c.rpcStatus(), c.message());
        assertEquals(before, stored(), "a refused request changed stored rows");
    }

    @Test
    void badInput_chunkedRequestOverTheLimit_isRefusedInTheV2ErrorShape() throws Exception {
        // No Content-Length: the limit is found while reading, and answered in the same shape.
        String before = stored();
        byte[] body = http("\"url\":\"" + URL + "\",\"body\":\"" + "A".repeat(2 * 1024 * 1024) + "\"")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.getPort()
                + "/v2/" + Q + "/tasks")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode(), response.body());
        assertError(new JsonObject(response.body()), 400, "INVALID_ARGUMENT",
                "Request payload size exceeds the limit: 2097152 bytes.");
        assertEquals(before, stored());
    }

    private static void assertError(JsonObject json, int status, String rpcStatus, String message) {
        assertEquals(Set.of("error"), json.fieldNames(), json.encode());
        JsonObject error = json.getJsonObject("error");
        assertEquals(Set.of("code", "message", "status"), error.fieldNames(), json.encode());
        assertEquals(status, error.getInteger("code"));
        assertEquals(rpcStatus, error.getString("status"));
        if (message.endsWith("...")) {
            assertTrue(error.getString("message").startsWith(message.substring(0, message.length() - 3)),
                    error.getString("message"));
        } else {
            assertEquals(message, error.getString("message"));
        }
    }
}
