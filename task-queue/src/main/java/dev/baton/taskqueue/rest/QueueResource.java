package dev.baton.taskqueue.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.taskqueue.Queue;
import dev.baton.taskqueue.QueueState;
import dev.baton.taskqueue.ResourceNames;
import dev.baton.taskqueue.TaskQueueException;
import dev.baton.taskqueue.service.Clock;
import dev.baton.taskqueue.service.QueueService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Cloud Tasks v2 queue methods at Google's paths: {@code /v2/projects/{p}/locations/{l}/queues[/{q}]}, with the
 * custom verbs {@code {q}:pause}, {@code :resume} and {@code :purge}. Query items the official client adds
 * ({@code $alt}, empty {@code filter} and {@code pageToken}, {@code pageSize=0}) are accepted.
 */
@Path("/v2/projects/{project}/locations/{location}/queues")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Queues", description = "Cloud Tasks v2 queues")
public class QueueResource {

    private static final Pattern FILTER = Pattern.compile("\\s*state\\s*[:=]\\s*([A-Z_]+)\\s*");

    private final QueueService queues;
    private final ObjectMapper mapper;
    private final Clock clock;

    public QueueResource(QueueService queues, ObjectMapper mapper, Clock clock) {
        this.queues = queues;
        this.mapper = mapper;
        this.clock = clock;
    }

    @POST
    @Operation(operationId = "CreateQueue", summary = "CreateQueue",
            description = "Body: a Queue with its full name under the path's location; absent settings take Cloud "
                    + "Tasks' defaults.")
    @RequestBody(required = true,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "CreateQueueRequest")))
    @APIResponse(responseCode = "200", description = "The created queue",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Queue")))
    @APIResponse(responseCode = "400", description = "INVALID_ARGUMENT: malformed name, field or JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "409", description = "ALREADY_EXISTS: the queue exists",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    public Uni<String> create(@PathParam("project") String project, @PathParam("location") String location,
            String body) {
        return Futures.uni(() -> {
            String parent = ResourceNames.parent(project, location);
            JsonNode json = ApiJson.parse(mapper, body);
            String name = ApiJson.string(json.get("name"), "queue.name");
            String prefix = parent + "/queues/";
            if (name == null || name.isEmpty()) {
                throw TaskQueueException.invalid("queue.name is required");
            }
            if (!name.startsWith(prefix)) {
                throw TaskQueueException.invalid("queue.name must have the form " + prefix + "QUEUE_ID, got '" + name
                        + "'");
            }
            String full = ResourceNames.queue(parent, name.substring(prefix.length()));
            return queues.create(full, ApiJson.queueSpec(json), clock.now()).map(this::render);
        });
    }

    @GET
    @Operation(operationId = "ListQueues", summary = "ListQueues",
            description = "Queues in name order. filter accepts '' or 'state: PAUSED' (any state); pageSize (at most "
                    + "1000, 0 = 1000) and pageToken page through them.")
    @APIResponse(responseCode = "200", description = "One page of queues",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ListQueuesResponse")))
    @APIResponse(responseCode = "400", description = "INVALID_ARGUMENT: malformed name, field or JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    public Uni<String> list(@PathParam("project") String project, @PathParam("location") String location,
            @QueryParam("filter") String filter, @QueryParam("pageSize") String pageSize,
            @QueryParam("pageToken") String pageToken) {
        return Futures.uni(() -> {
            String parent = ResourceNames.parent(project, location);
            QueueState state = null;
            if (filter != null && !filter.isBlank()) {
                Matcher m = FILTER.matcher(filter);
                if (!m.matches()) {
                    throw TaskQueueException.invalid("Unsupported filter '" + filter + "': use 'state: STATE'");
                }
                try {
                    state = QueueState.valueOf(m.group(1));
                } catch (IllegalArgumentException e) {
                    throw TaskQueueException.invalid("Unknown queue state '" + m.group(1) + "' in filter");
                }
            }
            int size = Paging.size(pageSize);
            String after = Paging.decode(pageToken, "");
            // Tokens are queue names we handed out; anything else (a NUL byte would reach SQL) is refused here.
            if (!after.isEmpty() && !after.startsWith(parent + "/queues/")) {
                throw TaskQueueException.invalid("Invalid pageToken");
            }
            if (!after.isEmpty()) {
                ResourceNames.queue(parent, after.substring(parent.length() + 8));
            }
            return queues.list(parent, after, state, size + 1).map(page -> {
                ObjectNode json = mapper.createObjectNode();
                ArrayNode items = json.putArray("queues");
                List<Queue> shown = page.subList(0, Math.min(size, page.size()));
                shown.forEach(q -> items.add(ApiJson.queue(mapper, q)));
                if (page.size() > size) {
                    json.put("nextPageToken", Paging.encode(shown.getLast().name()));
                }
                return json.toString();
            });
        });
    }

    @GET
    @Path("{queue}")
    @Operation(operationId = "GetQueue", summary = "GetQueue")
    @APIResponse(responseCode = "200", description = "The queue",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Queue")))
    @APIResponse(responseCode = "400", description = "INVALID_ARGUMENT: malformed name, field or JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "404", description = "NOT_FOUND: no such queue",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    public Uni<String> get(@PathParam("project") String project, @PathParam("location") String location,
            @PathParam("queue") String queue) {
        return Futures.uni(() -> queues.get(name(project, location, queue)).map(this::render));
    }

    @PATCH
    @Path("{queue}")
    @Operation(operationId = "UpdateQueue", summary = "UpdateQueue",
            description = "updateMask: comma-separated paths such as rateLimits.maxDispatchesPerSecond (or "
                    + "rate_limits.max_dispatches_per_second) or retryConfig; absent means every field in the body. "
                    + "Creates the queue when missing, as Cloud Tasks does.")
    @RequestBody(required = true,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Queue")))
    @APIResponse(responseCode = "200", description = "The queue after the update",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Queue")))
    @APIResponse(responseCode = "400", description = "INVALID_ARGUMENT: malformed name, field or JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    public Uni<String> patch(@PathParam("project") String project, @PathParam("location") String location,
            @PathParam("queue") String queue, @QueryParam("updateMask") String updateMask, String body) {
        return Futures.uni(() -> {
            String name = name(project, location, queue);
            JsonNode json = ApiJson.parse(mapper, body);
            String given = ApiJson.string(json.get("name"), "queue.name");
            if (given != null && !given.isEmpty() && !given.equals(name)) {
                throw TaskQueueException.invalid("queue.name '" + given + "' does not match the path " + name);
            }
            Set<String> mask = updateMask == null || updateMask.isBlank() ? ApiJson.presentPaths(json)
                    : new LinkedHashSet<>(Arrays.stream(updateMask.split(",")).map(String::strip)
                            .map(QueueResource::camelCase).toList());
            return queues.patch(name, ApiJson.queueSpec(json), mask, clock.now()).map(this::render);
        });
    }

    @DELETE
    @Path("{queue}")
    @Operation(operationId = "DeleteQueue", summary = "DeleteQueue",
            description = "Deletes the queue and all its tasks (no completion reports are sent for them); the name "
                    + "can be used again at once.")
    @APIResponse(responseCode = "200", description = "Deleted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Empty")))
    @APIResponse(responseCode = "400", description = "INVALID_ARGUMENT: malformed name, field or JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "404", description = "NOT_FOUND: no such queue",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    public Uni<String> delete(@PathParam("project") String project, @PathParam("location") String location,
            @PathParam("queue") String queue) {
        return Futures.uni(() -> queues.delete(name(project, location, queue)).map(v -> "{}"));
    }

    @POST
    @Path("{queueAndVerb}")
    // Documented per verb in META-INF/openapi.yaml ({queue}:pause, :resume, :purge): one JAX-RS path serves all three.
    @Operation(hidden = true)
    public Uni<String> verb(@PathParam("project") String project, @PathParam("location") String location,
            @PathParam("queueAndVerb") String queueAndVerb) {
        return Futures.uni(() -> {
            int colon = queueAndVerb.lastIndexOf(':');
            if (colon < 0) {
                throw TaskQueueException.invalid("Expected {queue}:pause, :resume or :purge, got '" + queueAndVerb
                        + "'");
            }
            String name = name(project, location, queueAndVerb.substring(0, colon));
            return switch (queueAndVerb.substring(colon + 1)) {
                case "pause" -> queues.pause(name, clock.now()).map(this::render);
                case "resume" -> queues.resume(name, clock.now()).map(this::render);
                case "purge" -> queues.purge(name, clock.now()).map(this::render);
                default -> throw TaskQueueException.invalid("Unknown queue method ':"
                        + queueAndVerb.substring(colon + 1) + "'");
            };
        });
    }

    /**
     * A field mask path in the JSON spelling ({@code rateLimits.maxDispatchesPerSecond}); the proto spelling
     * ({@code rate_limits.max_dispatches_per_second}), which Google's REST docs use, is accepted too.
     */
    static String camelCase(String path) {
        var out = new StringBuilder(path.length());
        boolean upper = false;
        for (char c : path.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private String render(Queue q) {
        return ApiJson.queue(mapper, q).toString();
    }

    static String name(String project, String location, String queue) {
        return ResourceNames.queue(ResourceNames.parent(project, location), queue);
    }
}
