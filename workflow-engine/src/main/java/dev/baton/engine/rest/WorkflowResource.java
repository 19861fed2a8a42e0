package dev.baton.engine.rest;

import dev.baton.engine.ApiException;
import dev.baton.engine.repository.WorkflowRow;
import dev.baton.engine.service.WorkflowService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Workflows v1 ({@code google.cloud.workflows.v1}): create, get, list, patch and delete are long-running operations
 * at Google; here they complete at once and answer the done operation, which {@link OperationResource} also serves.
 */
@Path("/v1/projects/{project}/locations/{location}")
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowResource {

    private final WorkflowService workflows;

    public WorkflowResource(WorkflowService workflows) {
        this.workflows = workflows;
    }

    @POST
    @Path("workflows")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(@PathParam("project") String project, @PathParam("location") String location,
            @QueryParam("workflowId") String workflowId, String body) {
        return Futures.uni(() -> workflows.create(project, location, workflowId, json(body), "API")).map(Futures::ok);
    }

    @GET
    @Path("workflows/{workflow}")
    public Uni<Response> get(@PathParam("workflow") String workflow) {
        return Futures.uni(() -> workflows.get(workflow)).map(w -> Futures.ok(ApiJson.workflow(w)));
    }

    @GET
    @Path("workflows")
    public Uni<Response> list(@QueryParam("pageSize") Integer pageSize, @QueryParam("pageToken") String pageToken) {
        int size = Futures.pageSize(pageSize, 500, 1000);
        String after = pageToken == null ? "" : pageToken;
        return Futures.uni(() -> workflows.list(after, size + 1)).map(rows -> {
            JsonArray items = new JsonArray();
            List<WorkflowRow> page = rows.subList(0, Math.min(size, rows.size()));
            page.forEach(w -> items.add(ApiJson.workflow(w)));
            JsonObject out = new JsonObject().put("workflows", items);
            if (rows.size() > size) {
                out.put("nextPageToken", page.getLast().workflowId());
            }
            return Futures.ok(out);
        });
    }

    @PATCH
    @Path("workflows/{workflow}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> patch(@PathParam("workflow") String workflow, @QueryParam("updateMask") String updateMask,
            String body) {
        return Futures.uni(() -> workflows.patch(workflow, json(body), updateMask, "API")).map(Futures::ok);
    }

    @DELETE
    @Path("workflows/{workflow}")
    public Uni<Response> delete(@PathParam("workflow") String workflow) {
        return Futures.uni(() -> workflows.delete(workflow)).map(Futures::ok);
    }

    static JsonObject json(String body) {
        if (body == null || body.isBlank()) {
            return new JsonObject();
        }
        try {
            return new JsonObject(body);
        } catch (DecodeException e) {
            throw ApiException.invalid("request body is not a JSON object: " + e.getMessage());
        }
    }
}
