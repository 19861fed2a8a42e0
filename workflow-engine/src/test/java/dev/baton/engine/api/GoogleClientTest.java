package dev.baton.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.workflows.executions.v1.CreateExecutionRequest;
import com.google.cloud.workflows.executions.v1.Execution;
import com.google.cloud.workflows.executions.v1.ExecutionsClient;
import com.google.cloud.workflows.executions.v1.ExecutionsSettings;
import com.google.cloud.workflows.executions.v1.ListExecutionsRequest;
import com.google.cloud.workflows.v1.CreateWorkflowRequest;
import com.google.cloud.workflows.v1.Workflow;
import com.google.cloud.workflows.v1.WorkflowsClient;
import com.google.cloud.workflows.v1.WorkflowsSettings;
import dev.baton.engine.support.EngineTestIsolation;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Google's official Java clients (google-cloud-workflows and google-cloud-workflow-executions 2.88.0, REST transport,
 * no credentials) against the engine: create a workflow (a long-running operation), then create, get, list and
 * cancel executions.
 */
@QuarkusTest
@WithTestResource(EngineTestIsolation.class)
class GoogleClientTest {

    @TestHTTPResource("/")
    URL base;

    private String endpoint() {
        return "http://127.0.0.1:" + base.getPort();
    }

    @Test
    void officialClients_createWorkflowThenRunGetListAndCancelExecutions() throws Exception {
        String parent = "projects/gclient-check/locations/us-central1";
        String id = "gc-hello-" + UUID.randomUUID().toString().substring(0, 8);
        var workflowsSettings = WorkflowsSettings.newHttpJsonBuilder().setEndpoint(endpoint())
                .setCredentialsProvider(NoCredentialsProvider.create()).build();
        var executionsSettings = ExecutionsSettings.newHttpJsonBuilder().setEndpoint(endpoint())
                .setCredentialsProvider(NoCredentialsProvider.create()).build();
        try (var workflows = WorkflowsClient.create(workflowsSettings);
                var executions = ExecutionsClient.create(executionsSettings)) {
            Workflow created = workflows.createWorkflowAsync(CreateWorkflowRequest.newBuilder().setParent(parent)
                    .setWorkflowId(id).setWorkflow(Workflow.newBuilder().setDescription("gclient check")
                            .setSourceContents("""
                                    main:
                                      params: [args]
                                      steps:
                                        - pause:
                                            switch:
                                              - condition: ${args.wait}
                                                steps:
                                                  - sleep:
                                                      call: sys.sleep
                                                      args:
                                                        seconds: 3600
                                        - greet:
                                            return: ${"Hello " + args.name}
                                    """))
                    .build()).get(30, TimeUnit.SECONDS);
            String workflowName = parent + "/workflows/" + id;
            assertEquals(workflowName, created.getName());
            assertEquals(Workflow.State.ACTIVE, created.getState());
            assertEquals(created.getRevisionId(), workflows.getWorkflow(workflowName).getRevisionId());

            Execution started = executions.createExecution(CreateExecutionRequest.newBuilder().setParent(workflowName)
                    .setExecution(Execution.newBuilder().setArgument("{\"name\":\"World\",\"wait\":false}")).build());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    executions.getExecution(started.getName()).getState() == Execution.State.SUCCEEDED);
            Execution done = executions.getExecution(started.getName());
            assertEquals("\"Hello World\"", done.getResult());
            assertEquals(created.getRevisionId(), done.getWorkflowRevisionId());
            assertTrue(done.hasEndTime() && done.hasDuration());

            Execution sleeping = executions.createExecution(CreateExecutionRequest.newBuilder()
                    .setParent(workflowName).setExecution(Execution.newBuilder()
                            .setArgument("{\"name\":\"Later\",\"wait\":true}")).build());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> executions.getExecution(sleeping.getName())
                    .getStatus().getCurrentStepsList().stream().anyMatch(s -> s.getStep().equals("sleep")));
            Execution cancelled = executions.cancelExecution(sleeping.getName());
            assertEquals(Execution.State.CANCELLED, cancelled.getState());

            List<String> names = StreamSupport.stream(executions.listExecutions(ListExecutionsRequest.newBuilder()
                    .setParent(workflowName).build()).iterateAll().spliterator(), false).map(Execution::getName)
                    .toList();
            assertEquals(List.of(sleeping.getName(), started.getName()), names);
            List<String> succeeded = StreamSupport.stream(executions.listExecutions(ListExecutionsRequest
                    .newBuilder().setParent(workflowName).setFilter("state=\"SUCCEEDED\"").build()).iterateAll()
                    .spliterator(), false).map(Execution::getName).toList();
            assertEquals(List.of(started.getName()), succeeded);

            assertThrows(NotFoundException.class, () -> executions.createExecution(parent + "/workflows/missing-wf",
                    Execution.newBuilder().setArgument("{}").build()));
            var broken = assertThrows(java.util.concurrent.ExecutionException.class, () -> workflows
                    .createWorkflowAsync(CreateWorkflowRequest.newBuilder().setParent(parent).setWorkflowId(id + "-x")
                            .setWorkflow(Workflow.newBuilder().setSourceContents("main:\n  steps:\n    - a:\n"
                                    + "        next: b\n")).build()).get(30, TimeUnit.SECONDS));
            assertTrue(broken.getCause() instanceof InvalidArgumentException, broken.toString());
            StringBuilder messages = new StringBuilder();
            for (Throwable t = broken.getCause(); t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertTrue(messages.toString().contains(id + "-x.yaml:4:"), messages.toString());
        }
    }
}
