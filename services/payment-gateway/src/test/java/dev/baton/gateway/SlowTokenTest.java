package dev.baton.gateway;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.baton.gateway.service.ProviderSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * tok_slow: the first attempt per key waits {@code slow-delay} (3 s under test) before it reaches the command log,
 * so the task queue's retry overtakes it. Both attempts go through IdempotentCommands under the same key: exactly
 * one authorization exists afterwards, whichever of them applied.
 */
@QuarkusTest
class SlowTokenTest {

    @Inject
    ProviderSimulator provider;

    @Test
    void authorize_retryOvertakesSlowFirstAttempt_authorizesOnceAndBothAnswerTheSameAuthorization() throws Exception {
        var p = Payments.fresh();
        int waitingBefore = provider.waiting();
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> p.authorize("tok_slow", 4_200));
        await().atMost(Duration.ofSeconds(10)).until(() -> provider.waiting() > waitingBefore);

        Response retry = p.authorize("tok_slow", 4_200);
        retry.then().statusCode(200).body("status", equalTo("AUTHORIZED"));
        Response late = first.get(30, TimeUnit.SECONDS);
        late.then().statusCode(200);

        assertEquals(retry.asString(), late.asString(), "both attempts answer the one authorization");
        assertEquals(1, Stream.of(retry, late).filter(r -> "true".equals(r.header("Idempotent-Replayed"))).count(),
                "one attempt applied, the other replayed");
        assertEquals(1, p.authorizations());
        assertEquals(retry.path("authorizationId").toString(), p.authorizationRow().get("id").toString());
    }

    @Test
    void authorize_callerGivesUpOnSlowAttemptLikeTheQueue_retryAuthorizesOnce() throws Exception {
        var p = Payments.fresh();
        int waitingBefore = provider.waiting();
        var client = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/v1/authorizations"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", p.key("authorize"))
                .timeout(Duration.ofMillis(500))
                .POST(HttpRequest.BodyPublishers.ofString(new com.fasterxml.jackson.databind.ObjectMapper()
                        .writeValueAsString(p.authorizeBody(4_200, "EUR", "tok_slow"))))
                .build();
        assertThrows(HttpTimeoutException.class, () -> client.send(request, HttpResponse.BodyHandlers.ofString()));

        p.authorize("tok_slow", 4_200).then().statusCode(200).body("status", equalTo("AUTHORIZED"));
        // The abandoned attempt ends on the server too (its timer fires, or the closed connection cancels it).
        await().atMost(Duration.ofSeconds(30)).until(() -> provider.waiting() == waitingBefore);
        assertEquals(1, p.authorizations());
        p.authorize("tok_slow", 4_200).then().statusCode(200).header("Idempotent-Replayed", "true");
    }

    @Test
    void authorize_slowAttemptWithoutRetry_appliesItselfAfterTheDelay() {
        var p = Payments.fresh();
        p.authorize("tok_slow", 300).then().statusCode(200).body("status", equalTo("AUTHORIZED"))
                .header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue());
        assertEquals(1, p.authorizations());
    }
}
