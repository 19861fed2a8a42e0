package dev.baton.engine.rest;

import dev.baton.engine.service.WorkflowService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code google.longrunning.Operations.GetOperation} for the Workflows API's operations. */
@Path("/v1/projects/{project}/locations/{location}/operations/{operation}")
@Produces(MediaType.APPLICATION_JSON)
public class OperationResource {

    private final WorkflowService workflows;

    public OperationResource(WorkflowService workflows) {
        this.workflows = workflows;
    }

    @GET
    public Uni<Response> get(@PathParam("project") String project, @PathParam("location") String location,
            @PathParam("operation") String operation) {
        String name = "projects/" + project + "/locations/" + location + "/operations/" + operation;
        return Futures.uni(() -> workflows.operation(name)).map(Futures::ok);
    }
}
