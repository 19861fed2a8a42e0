package dev.baton.taskqueue.rest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.CloudTasksSettings;
import com.google.cloud.tasks.v2.GetTaskRequest;
import com.google.cloud.tasks.v2.HttpMethod;
import com.google.cloud.tasks.v2.HttpRequest;
import com.google.cloud.tasks.v2.ListQueuesRequest;
import com.google.cloud.tasks.v2.LocationName;
import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.QueueName;
import com.google.cloud.tasks.v2.RateLimits;
import com.google.cloud.tasks.v2.RetryConfig;
import com.google.cloud.tasks.v2.Task;
import com.google.cloud.tasks.v2.TaskName;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import dev.baton.taskqueue.support.TestTarget;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Google's official Java client (google-cloud-tasks, REST transport), unmodified, against this service: the
 * compatibility promise of the API.
 */
@QuarkusTest
class CloudTasksClientCompatibilityTest {

    @TestHTTPResource("/")
    URL service;

    @Test
    void officialClient_fullQueueAndTaskLifecycle_worksAndTasksAreDispatched() throws Exception {
        var settings = CloudTasksSettings.newHttpJsonBuilder()
                .setEndpoint("http://127.0.0.1:" + service.getPort())
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        try (var target = new TestTarget(); var client = CloudTasksClient.create(settings)) {
            LocationName parent = LocationName.of("gclient-check", "us-central1");
            QueueName queueName = QueueName.of("gclient-check", "us-central1", "gc-" + suffix);

            Queue created = client.createQueue(parent, Queue.newBuilder().setName(queueName.toString())
                    .setRateLimits(RateLimits.newBuilder().setMaxDispatchesPerSecond(20).setMaxConcurrentDispatches(5))
                    .setRetryConfig(RetryConfig.newBuilder().setMaxAttempts(5)
                            .setMinBackoff(Duration.newBuilder().setNanos(500_000_000))
                            .setMaxBackoff(Duration.newBuilder().setSeconds(2)).setMaxDoublings(1))
                    .build());
            assertEquals(queueName.toString(), created.getName());
            assertEquals(5, created.getRateLimits().getMaxConcurrentDispatches());
            assertEquals(500_000_000, created.getRetryConfig().getMinBackoff().getNanos());
            assertEquals(Queue.State.RUNNING, created.getState());
            // UpdateQueue with a field mask (sent as camelCase JSON paths) changes only the masked field.
            Queue updated = client.updateQueue(Queue.newBuilder().setName(queueName.toString())
                    .setRateLimits(RateLimits.newBuilder().setMaxDispatchesPerSecond(7).setMaxConcurrentDispatches(99))
                    .build(), FieldMask.newBuilder().addPaths("rate_limits.max_dispatches_per_second").build());
            assertEquals(7.0, updated.getRateLimits().getMaxDispatchesPerSecond());
            assertEquals(5, updated.getRateLimits().getMaxConcurrentDispatches(), "not in the mask: kept");
            assertEquals(5, client.getQueue(queueName).getRetryConfig().getMaxAttempts());
            assertEquals(Queue.State.PAUSED, client.pauseQueue(queueName).getState());
            List<String> paused = StreamSupport.stream(client.listQueues(ListQueuesRequest.newBuilder()
                    .setParent(parent.toString()).setFilter("state: PAUSED").build()).iterateAll().spliterator(), false)
                    .map(Queue::getName).toList();
            assertTrue(paused.contains(queueName.toString()), paused.toString());

            TaskName named = TaskName.of("gclient-check", "us-central1", "gc-" + suffix, "named-" + suffix);
            TaskName scheduled = TaskName.of("gclient-check", "us-central1", "gc-" + suffix, "sched-" + suffix);
            Task namedTask = client.createTask(queueName, Task.newBuilder().setName(named.toString())
                    .setHttpRequest(HttpRequest.newBuilder().setUrl(target.url("/hit/named")).setHttpMethod(HttpMethod.POST)
                            .putHeaders("Content-Type", "application/json").putHeaders("X-Gclient-Check", "yes")
                            .setBody(ByteString.copyFromUtf8("{\"amount\":42}")))
                    .build());
            assertEquals(named.toString(), namedTask.getName());
            Instant later = Instant.now().plusSeconds(3600);
            client.createTask(queueName, Task.newBuilder().setName(scheduled.toString())
                    .setScheduleTime(Timestamp.newBuilder().setSeconds(later.getEpochSecond()))
                    .setHttpRequest(HttpRequest.newBuilder().setUrl(target.url("/hit/scheduled"))
                            .setBody(ByteString.copyFromUtf8("{}")))
                    .build());
            Task unnamed = client.createTask(queueName.toString(), Task.newBuilder()
                    .setHttpRequest(HttpRequest.newBuilder().setUrl(target.url("/hit/unnamed"))).build());
            assertTrue(unnamed.getName().startsWith(queueName + "/tasks/"));

            List<String> listed = StreamSupport.stream(client.listTasks(queueName).iterateAll().spliterator(), false)
                    .map(Task::getName).toList();
            assertEquals(List.of(named.toString(), scheduled.toString(), unnamed.getName()), listed);

            Task full = client.getTask(GetTaskRequest.newBuilder().setName(named.toString())
                    .setResponseView(Task.View.FULL).build());
            assertEquals("{\"amount\":42}", full.getHttpRequest().getBody().toStringUtf8());
            assertEquals(HttpMethod.POST, full.getHttpRequest().getHttpMethod());
            assertEquals(Task.View.FULL, full.getView());
            Task basic = client.getTask(named);
            assertTrue(basic.getHttpRequest().getBody().isEmpty());
            assertEquals(later.getEpochSecond(), client.getTask(scheduled).getScheduleTime().getSeconds());

            ApiException duplicate = assertThrows(ApiException.class,
                    () -> client.createTask(queueName, Task.newBuilder().setName(named.toString())
                            .setHttpRequest(HttpRequest.newBuilder().setUrl(target.url("/hit/dup"))).build()));
            assertEquals(StatusCode.Code.ABORTED, duplicate.getStatusCode().getCode(), "HTTP 409 in gax's mapping");
            assertTrue(duplicate.getMessage().contains("already exists"), duplicate.getMessage());

            client.deleteTask(unnamed.getName());
            assertThrows(NotFoundException.class, () -> client.getTask(unnamed.getName()));

            // RunTask dispatches now although the queue is paused and the task is scheduled an hour ahead.
            client.runTask(scheduled);
            await().atMost(java.time.Duration.ofSeconds(3)).until(() -> target.hits("/hit/scheduled").size() == 1);
            assertEquals("sched-" + suffix, target.hits("/hit/scheduled").getFirst().header("X-CloudTasks-TaskName"));
            assertTrue(target.hits("/hit/named").isEmpty(), "the paused queue held the named task");

            assertEquals(Queue.State.RUNNING, client.resumeQueue(queueName).getState());
            await().atMost(java.time.Duration.ofSeconds(3)).until(() -> target.hits("/hit/named").size() == 1);
            var hit = target.hits("/hit/named").getFirst();
            assertEquals("{\"amount\":42}", hit.bodyText());
            assertEquals("yes", hit.header("X-Gclient-Check"));
            assertEquals("named-" + suffix, hit.header("X-CloudTasks-TaskName"));
            assertTrue(target.hits("/hit/unnamed").isEmpty(), "a deleted task is never dispatched");

            List<String> queues = StreamSupport.stream(client.listQueues(parent).iterateAll().spliterator(), false)
                    .map(Queue::getName).toList();
            assertTrue(queues.contains(queueName.toString()));
            assertFalse(client.purgeQueue(queueName).getPurgeTime().equals(Timestamp.getDefaultInstance()));
            client.deleteQueue(queueName);
            assertThrows(NotFoundException.class, () -> client.getQueue(queueName));
        }
    }
}
