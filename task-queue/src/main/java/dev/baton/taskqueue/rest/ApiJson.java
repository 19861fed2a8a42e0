package dev.baton.taskqueue.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.taskqueue.Queue;
import dev.baton.taskqueue.Task;
import dev.baton.taskqueue.TaskQueueException;
import dev.baton.taskqueue.service.QueueSpec;
import dev.baton.taskqueue.service.TaskSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proto3 JSON of the Cloud Tasks v2 messages, both ways: durations as {@code "0.500s"}, timestamps RFC 3339,
 * bytes base64, enums accepted as names or numbers (Google's client sends numbers), unknown fields ignored on input
 * as proto3 parsers do. Every input error names the field.
 */
final class ApiJson {

    private static final Pattern DURATION = Pattern.compile("(-?)(\\d{1,12})(?:\\.(\\d{1,9}))?s");
    /** HttpMethod enum numbers of google.cloud.tasks.v2.HttpMethod. */
    private static final String[] HTTP_METHODS = {null, "POST", "GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"};

    private ApiJson() {
    }

    // ---- input -------------------------------------------------------------------------------------------

    static JsonNode parse(ObjectMapper mapper, String body) {
        if (body == null || body.isBlank()) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (!node.isObject()) {
                throw TaskQueueException.invalid("Invalid JSON payload received: expected an object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw TaskQueueException.invalid("Invalid JSON payload received: " + e.getOriginalMessage());
        }
    }

    static Duration duration(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        String text = node.isTextual() ? node.asText() : null;
        Matcher m = text == null ? null : DURATION.matcher(text);
        if (m == null || !m.matches()) {
            throw TaskQueueException.invalid("Invalid value at '" + field + "': '" + node.asText()
                    + "' is not a duration such as \"0.500s\" or \"30s\"");
        }
        String fraction = m.group(3) == null ? "" : m.group(3);
        long nanos = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "000000000").substring(0, 9));
        Duration d = Duration.ofSeconds(Long.parseLong(m.group(2)), nanos);
        return m.group(1).isEmpty() ? d : d.negated();
    }

    static Instant timestamp(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw TaskQueueException.invalid("Invalid value at '" + field + "': '" + node.asText()
                    + "' is not an RFC 3339 timestamp");
        }
    }

    static Integer int32(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isTextual()) {
            try {
                return Integer.parseInt(node.asText());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw TaskQueueException.invalid("Invalid value at '" + field + "': " + node + " is not a 32-bit integer");
    }

    static Double dbl(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.asText()).doubleValue();
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw TaskQueueException.invalid("Invalid value at '" + field + "': " + node + " is not a number");
    }

    static String string(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw TaskQueueException.invalid("Invalid value at '" + field + "': " + node + " is not a string");
        }
        return node.asText();
    }

    /** google.cloud.tasks.v2.HttpMethod as a name or a number; 0 and absent mean POST. */
    static String httpMethod(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            int n = node.intValue();
            if (n == 0) {
                return null;
            }
            if (n < 0 || n >= HTTP_METHODS.length) {
                throw TaskQueueException.invalid("Invalid value at 'task.http_request.http_method': " + n);
            }
            return HTTP_METHODS[n];
        }
        String name = node.asText();
        if (name.equals("HTTP_METHOD_UNSPECIFIED")) {
            return null;
        }
        for (String m : HTTP_METHODS) {
            if (name.equals(m)) {
                return m;
            }
        }
        throw TaskQueueException.invalid("Invalid value at 'task.http_request.http_method': \"" + name + "\"");
    }

    /** Task.View: 0/1/BASIC give BASIC, 2/FULL give FULL. */
    static boolean fullView(String value) {
        if (value == null || value.isEmpty() || value.equals("0") || value.equals("1") || value.equals("BASIC")
                || value.equals("VIEW_UNSPECIFIED")) {
            return false;
        }
        if (value.equals("2") || value.equals("FULL")) {
            return true;
        }
        throw TaskQueueException.invalid("Invalid value for responseView: '" + value + "' (BASIC, FULL, 1 or 2)");
    }

    static QueueSpec queueSpec(JsonNode queue) {
        JsonNode rate = queue.path("rateLimits");
        JsonNode retry = queue.path("retryConfig");
        return new QueueSpec(
                dbl(rate.get("maxDispatchesPerSecond"), "queue.rate_limits.max_dispatches_per_second"),
                int32(rate.get("maxBurstSize"), "queue.rate_limits.max_burst_size"),
                int32(rate.get("maxConcurrentDispatches"), "queue.rate_limits.max_concurrent_dispatches"),
                int32(retry.get("maxAttempts"), "queue.retry_config.max_attempts"),
                duration(retry.get("maxRetryDuration"), "queue.retry_config.max_retry_duration"),
                duration(retry.get("minBackoff"), "queue.retry_config.min_backoff"),
                duration(retry.get("maxBackoff"), "queue.retry_config.max_backoff"),
                int32(retry.get("maxDoublings"), "queue.retry_config.max_doublings"));
    }

    /** The update mask a PATCH without updateMask implies: every field present in the body. */
    static Set<String> presentPaths(JsonNode queue) {
        var paths = new LinkedHashSet<String>();
        for (String group : new String[] {"rateLimits", "retryConfig"}) {
            Iterator<String> names = queue.path(group).fieldNames();
            names.forEachRemaining(f -> paths.add(group + "." + f));
        }
        return paths;
    }

    /**
     * A CreateTask body's task.
     *
     * @param expectedPrefix the queue name a given task name must start with
     */
    static TaskSpec taskSpec(JsonNode task, String expectedPrefix) {
        String taskId = null;
        String name = string(task.get("name"), "task.name");
        if (name != null && !name.isEmpty()) {
            if (!name.startsWith(expectedPrefix + "/tasks/") || name.indexOf('/', expectedPrefix.length() + 7) >= 0) {
                throw TaskQueueException.invalid("task.name '" + name + "' must have the form " + expectedPrefix
                        + "/tasks/TASK_ID");
            }
            taskId = name.substring(expectedPrefix.length() + 7);
        }
        if (task.has("appEngineHttpRequest")) {
            throw TaskQueueException.invalid("task.appEngineHttpRequest is not supported: use task.httpRequest");
        }
        JsonNode http = task.get("httpRequest");
        if (http == null || !http.isObject()) {
            throw TaskQueueException.invalid("task.httpRequest is required");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = http.get("headers");
        if (h != null && !h.isNull()) {
            if (!h.isObject()) {
                throw TaskQueueException.invalid("task.http_request.headers must be an object of strings");
            }
            h.fields().forEachRemaining(e -> headers.put(e.getKey(),
                    string(e.getValue(), "task.http_request.headers." + e.getKey())));
        }
        byte[] body = null;
        String encoded = string(http.get("body"), "task.http_request.body");
        if (encoded != null) {
            try {
                body = Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                try {
                    body = Base64.getUrlDecoder().decode(encoded);
                } catch (IllegalArgumentException again) {
                    throw TaskQueueException.invalid("Invalid value at 'task.http_request.body': not base64");
                }
            }
        }
        Task.Oidc oidc = null;
        JsonNode o = http.get("oidcToken");
        if (o != null && !o.isNull()) {
            String sa = string(o.get("serviceAccountEmail"), "task.http_request.oidc_token.service_account_email");
            if (sa == null || sa.isBlank()) {
                throw TaskQueueException.invalid("task.http_request.oidc_token.service_account_email is required");
            }
            String audience = string(o.get("audience"), "task.http_request.oidc_token.audience");
            oidc = new Task.Oidc(sa, audience == null || audience.isEmpty() ? null : audience);
        }
        if (http.has("oauthToken")) {
            throw TaskQueueException.invalid("task.http_request.oauth_token is not supported: use oidc_token");
        }
        JsonNode report = task.get("completionReport");
        String reportUrl = report == null || report.isNull() ? null
                : string(report.get("url"), "task.completionReport.url");
        return new TaskSpec(taskId, httpMethod(http.get("httpMethod")), string(http.get("url"), "task.http_request.url"),
                headers, body, oidc, timestamp(task.get("scheduleTime"), "task.schedule_time"),
                duration(task.get("dispatchDeadline"), "task.dispatch_deadline"), reportUrl);
    }

    // ---- output ------------------------------------------------------------------------------------------

    static String duration(Duration d) {
        long seconds = d.getSeconds();
        int nanos = d.getNano();
        if (nanos == 0) {
            return seconds + "s";
        }
        if (nanos % 1_000_000 == 0) {
            return "%d.%03ds".formatted(seconds, nanos / 1_000_000);
        }
        if (nanos % 1_000 == 0) {
            return "%d.%06ds".formatted(seconds, nanos / 1_000);
        }
        return "%d.%09ds".formatted(seconds, nanos);
    }

    static ObjectNode queue(ObjectMapper mapper, Queue q) {
        ObjectNode json = mapper.createObjectNode().put("name", q.name());
        json.putObject("rateLimits")
                .put("maxDispatchesPerSecond", q.rateLimits().maxDispatchesPerSecond())
                .put("maxBurstSize", q.rateLimits().maxBurstSize())
                .put("maxConcurrentDispatches", q.rateLimits().maxConcurrentDispatches());
        json.putObject("retryConfig")
                .put("maxAttempts", q.retry().maxAttempts())
                .put("maxRetryDuration", duration(q.retry().maxRetryDuration()))
                .put("minBackoff", duration(q.retry().minBackoff()))
                .put("maxBackoff", duration(q.retry().maxBackoff()))
                .put("maxDoublings", q.retry().maxDoublings());
        json.put("state", q.state().name());
        if (q.purgeTime() != null) {
            json.put("purgeTime", q.purgeTime().toString());
        }
        return json;
    }

    static ObjectNode task(ObjectMapper mapper, Task t, boolean full) {
        ObjectNode json = mapper.createObjectNode().put("name", t.name());
        ObjectNode http = json.putObject("httpRequest").put("url", t.url()).put("httpMethod", t.httpMethod());
        ObjectNode headers = http.putObject("headers");
        t.headers().forEach(headers::put);
        if (full && t.body() != null) {
            http.put("body", Base64.getEncoder().encodeToString(t.body()));
        }
        if (t.oidc() != null) {
            ObjectNode oidc = http.putObject("oidcToken").put("serviceAccountEmail", t.oidc().serviceAccountEmail());
            if (t.oidc().audience() != null) {
                oidc.put("audience", t.oidc().audience());
            }
        }
        json.put("scheduleTime", t.scheduleTime().toString())
                .put("createTime", t.createTime().toString())
                .put("dispatchDeadline", duration(t.dispatchDeadline()))
                .put("dispatchCount", t.dispatchCount())
                .put("responseCount", t.responseCount());
        if (t.firstAttempt() != null) {
            attempt(json.putObject("firstAttempt"), t.firstAttempt());
        }
        if (t.lastAttempt() != null) {
            attempt(json.putObject("lastAttempt"), t.lastAttempt());
        }
        json.put("view", full ? "FULL" : "BASIC");
        if (t.reportUrl() != null) {
            json.putObject("completionReport").put("url", t.reportUrl());
        }
        return json;
    }

    private static void attempt(ObjectNode json, Task.Attempt a) {
        if (a.scheduleTime() != null) {
            json.put("scheduleTime", a.scheduleTime().toString());
        }
        json.put("dispatchTime", a.dispatchTime().toString());
        if (a.responseTime() != null) {
            json.put("responseTime", a.responseTime().toString());
        }
        ObjectNode status = json.putObject("responseStatus");
        if (a.httpStatus() != null) {
            status.put("code", rpcCode(a.httpStatus())).put("message", "HTTP " + a.httpStatus());
        } else {
            boolean deadline = a.error() != null && a.error().startsWith("DEADLINE_EXCEEDED");
            status.put("code", deadline ? 4 : 14).put("message", a.error() == null ? "no response" : a.error());
        }
    }

    /** google.rpc.Code for an HTTP status, after Google's HTTP mapping. */
    static int rpcCode(int http) {
        return switch (http) {
            case 400 -> 3;
            case 401 -> 16;
            case 403 -> 7;
            case 404 -> 5;
            case 409 -> 10;
            case 429 -> 8;
            case 499 -> 1;
            case 501 -> 12;
            case 503 -> 14;
            case 504 -> 4;
            default -> http / 100 == 2 ? 0 : http / 100 == 4 ? 9 : http / 100 == 5 ? 13 : 2;
        };
    }
}
