package dev.baton.taskqueue.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.taskqueue.support.TestTarget;
import dev.baton.taskqueue.support.TestTarget.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.MultiMap;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TargetClientTest {

    @Inject
    TargetClient client;

    @Test
    void send_targetSilentPastDeadline_failsWithDeadlineExceeded() throws Exception {
        var release = new CountDownLatch(1);
        try (var target = new TestTarget()) {
            target.on("/hang", hit -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Reply.of(200);
            });
            long start = System.nanoTime();
            var failure = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> client.send("POST", target.url("/hang"), MultiMap.caseInsensitiveMultiMap(), null,
                            Duration.ofMillis(300), 100).toCompletionStage().toCompletableFuture().join());
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertInstanceOf(TargetClient.DeadlineExceeded.class, failure.getCause());
            assertTrue(tookMs >= 290 && tookMs < 5000, "took " + tookMs + " ms");
            release.countDown();
        }
    }

    @Test
    void send_largeResponse_keepsOnlyTheBoundedPrefix() throws Exception {
        try (var target = new TestTarget()) {
            target.on("/big", hit -> new Reply(503, "x".repeat(10_000), Map.of("Retry-After", "7")));
            var response = client.send("GET", target.url("/big"), MultiMap.caseInsensitiveMultiMap(), null,
                    Duration.ofSeconds(5), 16).toCompletionStage().toCompletableFuture().join();
            assertEquals(503, response.status());
            assertEquals("7", response.retryAfter());
            assertEquals("x".repeat(16), new String(response.body()));
        }
    }

    @Test
    void send_connectionRefused_fails() {
        var failure = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> client.send("POST", "http://127.0.0.1:9/", MultiMap.caseInsensitiveMultiMap(), null,
                        Duration.ofSeconds(5), 100).toCompletionStage().toCompletableFuture().join());
        assertTrue(failure.getCause().getMessage().toLowerCase().contains("refused"), failure.getCause().getMessage());
    }
}
