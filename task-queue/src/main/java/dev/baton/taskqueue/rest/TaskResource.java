package dev.baton.taskqueue.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.taskqueue.Task;
import dev.baton.taskqueue.TaskQueueException;
import dev.baton.taskqueue.service.Clock;
import dev.baton.taskqueue.service.TaskService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Cloud Tasks v2 task methods at Google's paths, {@code .../queues/{q}/tasks[/{t}]} and {@code {t}:run}. Tasks
 * carry one extension, {@code task.completionReport.url}: see task-queue/README.md.
 */
@Path("/v2/projects/{project}/locations/{location}/queues/{queue}/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks", description = "Cloud Tasks v2 tasks, plus the completionReport extension")
public class TaskResource {

    private final TaskService tasks;
    private final ObjectMapper mapper;
    private final Clock clock;

    public TaskResource(TaskService tasks, ObjectMapper mapper, Clock clock) {
        this.tasks = tasks;
        this.mapper = mapper;
        this.clock = clock;
    }

    @POST
    @Operation(operationId = "CreateTask", summary = "CreateTask", description = "Body: {\"task\": Task, "
            + "\"responseView\": BASIC|FULL}. task.name is optional (a generated id otherwise); a name stays reserved "
            + "for 1 hour after the task is deleted or completes. The traceparent and tracestate headers of this "
            + "request are stored and sent on every dispatch. Extension: task.completionReport.url receives one report "
            + "when the task reaches a final state.")
    @RequestBody(required = true,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "CreateTaskRequest")))
    @APIResponse(responseCode = "200", description = "The created task",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Task")))
    @APIResponse(responseCode = "400", description = "INVALID_ARGUMENT: malformed name, field or JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "404", description = "NOT_FOUND: no such queue",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "409", description = "ALREADY_EXISTS: the name is taken or still reserved",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    public Uni<String> create(@PathParam("project") String project, @PathParam("location") String location,
            @PathParam("queue") String queue, @HeaderParam("traceparent") String traceparent,
            @HeaderParam("tracestate") String tracestate, String body) {
        return Futures.uni(() -> {
            String queueName = QueueResource.name(project, location, queue);
            JsonNode json = ApiJson.parse(mapper, body);
            JsonNode task = json.get("task");
            if (task == null || !task.isObject()) {
                throw TaskQueueException.invalid("task is required");
            }
            JsonNode view = json.get("responseView");
            boolean full = ApiJson.fullView(view == null || view.isNull() ? null : view.asText());
            return tasks.create(queueName, ApiJson.taskSpec(task, queueName), traceparent, tracestate, clock.now())
                    .map(t -> ApiJson.task(mapper, t, full).toString());
        });
    }

    @GET
    @Operation(operationId = "ListTasks", summary = "ListTasks",
            description = "Live tasks (pending or running) in creation order; pageSize (at most 1000) and pageToken "
                    + "page through them.")
    @APIResponse(responseCode = "200", description = "One page of tasks",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ListTasksResponse")))
    @APIResponse(responseCode = "400", description = "INVALID_ARGUMENT: malformed name, field or JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "404", description = "NOT_FOUND: no such queue",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    public Uni<String> list(@PathParam("project") String project, @PathParam("location") String location,
            @PathParam("queue") String queue, @QueryParam("responseView") String responseView,
            @QueryParam("pageSize") String pageSize, @QueryParam("pageToken") String pageToken) {
        return Futures.uni(() -> {
            String queueName = QueueResource.name(project, location, queue);
            boolean full = ApiJson.fullView(responseView);
            int size = Paging.size(pageSize);
            long after;
            try {
                after = Long.parseLong(Paging.decode(pageToken, "0"));
            } catch (NumberFormatException e) {
                throw TaskQueueException.invalid("Invalid pageToken");
            }
            return tasks.list(queueName, after, size + 1).map(page -> {
                ObjectNode json = mapper.createObjectNode();
                ArrayNode items = json.putArray("tasks");
                List<Task> shown = page.subList(0, Math.min(size, page.size()));
                shown.forEach(t -> items.add(ApiJson.task(mapper, t, full)));
                if (page.size() > size) {
                    json.put("nextPageToken", Paging.encode(Long.toString(shown.getLast().rowId())));
                }
                return json.toString();
            });
        });
    }

    @GET
    @Path("{task}")
    @Operation(operationId = "GetTask", summary = "GetTask")
    @APIResponse(responseCode = "200", description = "The task",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Task")))
    @APIResponse(responseCode = "400", description = "INVALID_ARGUMENT: malformed name, field or JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "404", description = "NOT_FOUND, also once the task has finished or been deleted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    public Uni<String> get(@PathParam("project") String project, @PathParam("location") String location,
            @PathParam("queue") String queue, @PathParam("task") String task,
            @QueryParam("responseView") String responseView) {
        return Futures.uni(() -> {
            boolean full = ApiJson.fullView(responseView);
            return tasks.get(QueueResource.name(project, location, queue), task)
                    .map(t -> ApiJson.task(mapper, t, full).toString());
        });
    }

    @DELETE
    @Path("{task}")
    @Operation(operationId = "DeleteTask", summary = "DeleteTask",
            description = "The task becomes DELETED (its completion report says so); the name stays reserved for 1 "
                    + "hour.")
    @APIResponse(responseCode = "200", description = "Deleted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Empty")))
    @APIResponse(responseCode = "400", description = "INVALID_ARGUMENT: malformed name, field or JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "404", description = "NOT_FOUND: no live task of that name",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    public Uni<String> delete(@PathParam("project") String project, @PathParam("location") String location,
            @PathParam("queue") String queue, @PathParam("task") String task) {
        return Futures.uni(() -> tasks.delete(QueueResource.name(project, location, queue), task, clock.now())
                .map(v -> "{}"));
    }

    @POST
    @Path("{taskAndVerb}")
    // Documented as {task}:run in META-INF/openapi.yaml.
    @Operation(hidden = true)
    public Uni<String> run(@PathParam("project") String project, @PathParam("location") String location,
            @PathParam("queue") String queue, @PathParam("taskAndVerb") String taskAndVerb, String body) {
        return Futures.uni(() -> {
            int colon = taskAndVerb.lastIndexOf(':');
            if (colon < 0 || !taskAndVerb.substring(colon + 1).equals("run")) {
                throw TaskQueueException.invalid("Expected {task}:run, got '" + taskAndVerb + "'");
            }
            JsonNode json = ApiJson.parse(mapper, body);
            JsonNode view = json.get("responseView");
            boolean full = ApiJson.fullView(view == null || view.isNull() ? null : view.asText());
            return tasks.run(QueueResource.name(project, location, queue), taskAndVerb.substring(0, colon))
                    .map(t -> ApiJson.task(mapper, t, full).toString());
        });
    }
}
