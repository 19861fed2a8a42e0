package dev.baton.engine.rest;

import dev.baton.engine.ApiException;
import dev.baton.engine.client.JwtVerifier;
import dev.baton.engine.config.EngineConfig;
import dev.baton.engine.execution.Codec;
import dev.baton.engine.execution.ExecutionEnvironment;
import dev.baton.engine.repository.ExecutionRow;
import dev.baton.engine.runtime.Outcome;
import dev.baton.engine.service.ExecutionService;
import dev.baton.engine.service.Signals;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Workflow Executions v1 ({@code google.cloud.workflows.executions.v1}): create, get, list (filter by state), cancel
 * ({@code :cancel}), step entries and callbacks; plus the callback URLs themselves and the task queue's completion
 * reports for tasks.call.
 */
@Path("/v1/projects/{project}/locations/{location}/workflows/{workflow}/executions")
@Produces(MediaType.APPLICATION_JSON)
public class ExecutionResource {

    private final ExecutionService executions;
    private final Signals signals;
    private final JwtVerifier jwt;
    private final EngineConfig config;

    public ExecutionResource(ExecutionService executions, Signals signals, JwtVerifier jwt, EngineConfig config) {
        this.executions = executions;
        this.signals = signals;
        this.jwt = jwt;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(@PathParam("project") String project, @PathParam("location") String location,
            @PathParam("workflow") String workflow, String body) {
        return Futures.uni(() -> {
            JsonObject request = WorkflowResource.json(body);
            Object argument = request.getValue("argument");
            if (argument != null && !(argument instanceof String)) {
                throw ApiException.invalid("argument must be a JSON-encoded string, for example \"{\\\"a\\\":1}\"");
            }
            return executions.create(project, location, workflow, (String) argument);
        }).map(e -> Futures.ok(ApiJson.execution(e)));
    }

    @GET
    public Uni<Response> list(@PathParam("workflow") String workflow, @QueryParam("filter") String filter,
            @QueryParam("pageSize") Integer pageSize, @QueryParam("pageToken") String pageToken) {
        int size = Futures.pageSize(pageSize, 100, 1000);
        return Futures.uni(() -> executions.list(workflow, filter, pageToken, size + 1)).map(rows -> {
            List<ExecutionRow> page = rows.subList(0, Math.min(size, rows.size()));
            JsonArray items = new JsonArray();
            page.forEach(e -> items.add(ApiJson.execution(e)));
            JsonObject out = new JsonObject().put("executions", items);
            if (rows.size() > size) {
                out.put("nextPageToken", ExecutionService.pageToken(page.getLast()));
            }
            return Futures.ok(out);
        });
    }

    @GET
    @Path("{execution}")
    public Uni<Response> get(@PathParam("workflow") String workflow, @PathParam("execution") String execution) {
        return Futures.uni(() -> executions.get(workflow, execution)).map(e -> Futures.ok(ApiJson.execution(e)));
    }

    /** Custom verbs: {@code {execution}:cancel}. */
    @POST
    @Path("{executionAndVerb}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> verb(@PathParam("workflow") String workflow,
            @PathParam("executionAndVerb") String executionAndVerb) {
        int colon = executionAndVerb.lastIndexOf(':');
        if (colon < 0 || !executionAndVerb.substring(colon + 1).equals("cancel")) {
            return Uni.createFrom().failure(ApiException.notFound(executionAndVerb));
        }
        return Futures.uni(() -> executions.cancel(workflow, executionAndVerb.substring(0, colon)))
                .map(e -> Futures.ok(ApiJson.execution(e)));
    }

    @GET
    @Path("{execution}/stepEntries")
    public Uni<Response> stepEntries(@PathParam("workflow") String workflow, @PathParam("execution") String execution,
            @QueryParam("pageSize") Integer pageSize, @QueryParam("pageToken") String pageToken,
            @QueryParam("skip") Integer skip, @QueryParam("filter") String filter,
            @QueryParam("orderBy") String orderBy) {
        int size = Futures.pageSize(pageSize, 100, 1000);
        return Futures.uni(() -> {
            if ((filter != null && !filter.isBlank()) || (orderBy != null && !orderBy.isBlank()
                    && !orderBy.strip().equals("entryId"))) {
                throw ApiException.invalid("filter and orderBy are not supported on step entries: they are listed"
                        + " in entryId order");
            }
            long after;
            try {
                after = pageToken == null || pageToken.isBlank() ? 0 : Long.parseLong(pageToken);
            } catch (NumberFormatException e) {
                throw ApiException.invalid("invalid pageToken");
            }
            int skipped = skip == null ? 0 : Math.max(0, skip);
            return executions.get(workflow, execution).compose(e -> executions.history(e, after, skipped, size + 1)
                    .map(rows -> {
                        JsonArray items = new JsonArray();
                        for (int i = 0; i < Math.min(size, rows.size()); i++) {
                            items.add(ApiJson.stepEntry(e, rows.get(i)));
                        }
                        JsonObject out = new JsonObject().put("stepEntries", items).put("totalSize", e.stepCount());
                        if (rows.size() > size) {
                            out.put("nextPageToken", String.valueOf(rows.get(size - 1).entryId()));
                        }
                        return Futures.ok(out);
                    }));
        });
    }

    @GET
    @Path("{execution}/stepEntries/{entry}")
    public Uni<Response> stepEntry(@PathParam("workflow") String workflow, @PathParam("execution") String execution,
            @PathParam("entry") String entry) {
        return Futures.uni(() -> executions.get(workflow, execution).compose(e -> executions.historyEntry(e, entry)
                .map(r -> Futures.ok(ApiJson.stepEntry(e, r)))));
    }

    @GET
    @Path("{execution}/callbacks")
    public Uni<Response> callbacks(@PathParam("workflow") String workflow, @PathParam("execution") String execution,
            @QueryParam("pageSize") Integer pageSize, @QueryParam("pageToken") String pageToken) {
        int size = Futures.pageSize(pageSize, 100, 100);
        return Futures.uni(() -> executions.get(workflow, execution).compose(e -> executions
                .callbacks(e, pageToken == null ? "" : pageToken, size + 1).map(rows -> {
                    JsonArray items = new JsonArray();
                    for (int i = 0; i < Math.min(size, rows.size()); i++) {
                        var c = rows.get(i);
                        JsonArray payloads = new JsonArray();
                        c.payloads().forEach(p -> payloads.add(Codec.json(Codec.parsePlain(
                                new JsonObject((Map<String, Object>) p).encode()))));
                        items.add(new JsonObject().put("name", e.name() + "/callbacks/" + c.token())
                                .put("method", c.method()).put("waiters", String.valueOf(c.waiters()))
                                .put("availablePayloads", payloads));
                    }
                    JsonObject out = new JsonObject().put("callbacks", items);
                    if (rows.size() > size) {
                        out.put("nextPageToken", rows.get(size - 1).token());
                    }
                    return Futures.ok(out);
                })));
    }

    // ---- callback URLs ------------------------------------------------------------------------------------------

    @POST
    @Path("{execution}/callbacks/{token}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> callbackPost(@PathParam("workflow") String w, @PathParam("execution") String e,
            @PathParam("token") String t, @Context HttpHeaders h, @Context UriInfo u, String body) {
        return receive("POST", w, e, t, h, u, body);
    }

    @PUT
    @Path("{execution}/callbacks/{token}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> callbackPut(@PathParam("workflow") String w, @PathParam("execution") String e,
            @PathParam("token") String t, @Context HttpHeaders h, @Context UriInfo u, String body) {
        return receive("PUT", w, e, t, h, u, body);
    }

    @PATCH
    @Path("{execution}/callbacks/{token}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> callbackPatch(@PathParam("workflow") String w, @PathParam("execution") String e,
            @PathParam("token") String t, @Context HttpHeaders h, @Context UriInfo u, String body) {
        return receive("PATCH", w, e, t, h, u, body);
    }

    @GET
    @Path("{execution}/callbacks/{token}")
    public Uni<Response> callbackGet(@PathParam("workflow") String w, @PathParam("execution") String e,
            @PathParam("token") String t, @Context HttpHeaders h, @Context UriInfo u) {
        return receive("GET", w, e, t, h, u, null);
    }

    @DELETE
    @Path("{execution}/callbacks/{token}")
    public Uni<Response> callbackDelete(@PathParam("workflow") String w, @PathParam("execution") String e,
            @PathParam("token") String t, @Context HttpHeaders h, @Context UriInfo u) {
        return receive("DELETE", w, e, t, h, u, null);
    }

    @HEAD
    @Path("{execution}/callbacks/{token}")
    public Uni<Response> callbackHead(@PathParam("workflow") String w, @PathParam("execution") String e,
            @PathParam("token") String t, @Context HttpHeaders h, @Context UriInfo u) {
        return receive("HEAD", w, e, t, h, u, null);
    }

    @OPTIONS
    @Path("{execution}/callbacks/{token}")
    public Uni<Response> callbackOptions(@PathParam("workflow") String w, @PathParam("execution") String e,
            @PathParam("token") String t, @Context HttpHeaders h, @Context UriInfo u) {
        return receive("OPTIONS", w, e, t, h, u, null);
    }

    private Uni<Response> receive(String method, String workflow, String execution, String token,
            HttpHeaders headers, UriInfo uri, String body) {
        UUID id = uuid(execution);
        String url = ExecutionEnvironment.callbackUrl(config.publicUrl(), "projects/" + uri.getPathParameters()
                .getFirst("project") + "/locations/" + uri.getPathParameters().getFirst("location") + "/workflows/"
                + workflow + "/executions/" + execution, token);
        String contentType = headers.getHeaderString("Content-Type");
        Object decoded = decode(body, contentType);
        return Futures.uni(() -> authenticate(headers.getHeaderString("Authorization"),
                aud -> aud.equals(url) || aud.equals(config.publicUrl()) || aud.equals(config.publicUrl() + "/"))
                .compose(ok -> {
                    Map<String, Object> h = new LinkedHashMap<>();
                    headers.getRequestHeaders().forEach((k, v) -> {
                        if (!k.equalsIgnoreCase("Authorization")) {
                            h.put(k, v.getFirst());
                        }
                    });
                    Map<String, Object> query = new LinkedHashMap<>();
                    uri.getQueryParameters().forEach((k, v) -> query.put(k, v.getFirst()));
                    Map<String, Object> httpRequest = new LinkedHashMap<>();
                    httpRequest.put("body", decoded);
                    httpRequest.put("headers", h);
                    httpRequest.put("method", method);
                    httpRequest.put("query", query);
                    httpRequest.put("url", uri.getRequestUri().getRawPath());
                    JsonObject request = new JsonObject().put("http_request", new JsonObject(Codec.json(httpRequest)))
                            .put("received_time", Instant.now().toString()).put("type", "HTTP");
                    String status = headers.getHeaderString("X-Baton-Status");
                    long code = status != null && status.matches("\\d{3}") ? Long.parseLong(status) : 200;
                    return signals.callback(id, token, method, request, callId -> code >= 400
                            ? Outcome.error(callId, httpError(code, decoded, "the service reported failure " + code))
                            : Outcome.value(callId, httpValue(code, decoded)));
                })).map(receipt -> Response.ok().build());
    }

    // ---- completion reports of tasks.call ----------------------------------------------------------------------

    @POST
    @Path("{execution}/taskReports/{token}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> report(@PathParam("project") String project, @PathParam("location") String location,
            @PathParam("workflow") String workflow, @PathParam("execution") String execution,
            @PathParam("token") String token, @HeaderParam("Authorization") String authorization, String body) {
        UUID id = uuid(execution);
        String url = config.publicUrl() + "/v1/projects/" + project + "/locations/" + location + "/workflows/"
                + workflow + "/executions/" + execution + "/taskReports/" + token;
        JsonObject report = WorkflowResource.json(body);
        Future<Boolean> auth = config.tasks().verifyReports() ? authenticate(authorization, url::equals)
                : Future.succeededFuture(true);
        return Futures.uni(() -> auth.compose(ok -> {
            JsonObject last = report.getJsonObject("lastResponse");
            int status = last == null ? 0 : last.getInteger("status", 0);
            String outcome = report.getString("outcome", "");
            if (outcome.equals("SUCCEEDED") && status == 202) {
                // Accepted for later: the service calls the callback URL when the work is done.
                return Future.succeededFuture(false);
            }
            Object responseBody = null;
            if (last != null && last.getString("body") != null) {
                String text = new String(Base64.getDecoder().decode(last.getString("body")), StandardCharsets.UTF_8);
                responseBody = decode(text, "application/json");
            }
            Object decoded = responseBody;
            String message = outcome.equals("SUCCEEDED") ? null : status > 0
                    ? "HTTP server responded with error code " + status + " (task " + outcome + " after "
                            + report.getValue("attempts") + " attempt(s))"
                    : "task " + outcome + ": " + report.getString("lastError", "no response");
            return signals.report(id, token, callId -> message == null
                    ? Outcome.value(callId, httpValue(status, decoded))
                    : Outcome.error(callId, httpError(status, decoded, message)));
        })).map(applied -> Futures.ok(new JsonObject().put("applied", applied)));
    }

    private Future<Boolean> authenticate(String authorization, java.util.function.Predicate<String> audience) {
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
        if (token != null && config.callbacks().staticToken().map(token::equals).orElse(false)) {
            return Future.succeededFuture(true);
        }
        Future<Boolean> verified = token == null ? Future.succeededFuture(false) : jwt.verify(token, audience);
        return verified.compose(ok -> ok || config.callbacks().allowAnonymous() ? Future.succeededFuture(true)
                : Future.failedFuture(new ApiException(ApiException.Code.UNAUTHENTICATED,
                        "a bearer token is required: a task-queue JWT or the configured static token")));
    }

    private static Map<String, Object> httpValue(long code, Object body) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("code", code);
        v.put("headers", Map.of());
        v.put("body", body);
        return v;
    }

    private static Map<String, Object> httpError(long code, Object body, String message) {
        Map<String, Object> v = httpValue(code, body);
        v.put("message", message);
        v.put("tags", List.of("HttpError"));
        return v;
    }

    private static Object decode(String body, String contentType) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        if (contentType == null || contentType.toLowerCase(Locale.ROOT).contains("json")) {
            try {
                return Codec.parsePlain(body);
            } catch (IllegalArgumentException e) {
                return body;
            }
        }
        return body;
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("executions/" + id);
        }
    }


}
