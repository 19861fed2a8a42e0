package dev.baton.engine.service;

import dev.baton.engine.ApiException;
import dev.baton.engine.ExecutionStatus;
import dev.baton.engine.execution.Clock;
import dev.baton.engine.execution.Codec;
import dev.baton.engine.messaging.Wakeups;
import dev.baton.engine.repository.CallRow;
import dev.baton.engine.repository.CallbackQueries;
import dev.baton.engine.repository.ExecutionQueries;
import dev.baton.engine.repository.PendingCallQueries;
import dev.baton.engine.runtime.Outcome;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Signals from outside that complete a waiting call: callback requests and task-queue completion reports. Each is
 * one transaction that locks the execution first (as checkpoints do, so the two never deadlock), stores the outcome
 * only if the call is still open (first outcome wins; duplicates change nothing) and makes the execution due.
 */
@ApplicationScoped
public class Signals {

    private final Pool pool;
    private final Clock clock;
    private final Wakeups wakeups;

    public Signals(Pool pool, Clock clock, Wakeups wakeups) {
        this.pool = pool;
        this.clock = clock;
        this.wakeups = wakeups;
    }

    /** How a callback request was taken. */
    public enum Receipt {
        /** Delivered to the waiting await (or task call). */
        DELIVERED,
        /** No await was waiting: kept for the next one. */
        QUEUED,
        /** A task callback whose call had its outcome already: ignored. */
        DUPLICATE
    }

    /**
     * A request to callback {@code token} of execution {@code executionId}: refused with 405 unless it uses the
     * method the endpoint was created for.
     *
     * @param method  the request's HTTP method
     * @param request the await_callback result ({@code {http_request, received_time, type}})
     * @param taskOutcome for TASK callbacks, the value or error the tasks.call step gets
     */
    public Future<Receipt> callback(UUID executionId, String token, String method, JsonObject request,
            java.util.function.Function<String, Outcome> taskOutcome) {
        Instant now = clock.now();
        return pool.withTransaction(tx -> ExecutionQueries.lockForSignal(tx, executionId).compose(e -> {
            if (e == null) {
                return Future.failedFuture(ApiException.notFound("executions/" + executionId));
            }
            return CallbackQueries.get(tx, token).compose(cb -> {
                if (cb == null || !cb.executionId().equals(executionId)) {
                    return Future.failedFuture(ApiException.notFound(e.name() + "/callbacks/" + token));
                }
                if (!cb.method().equals(method)) {
                    return Future.failedFuture(ApiException.methodNotAllowed(cb.method(), "callback " + token
                            + " expects " + cb.method() + " requests, not " + method));
                }
                if (e.state() != ExecutionStatus.ACTIVE) {
                    return Future.failedFuture(ApiException.notFound(e.name() + "/callbacks/" + token
                            + " (the execution is " + e.state() + ")"));
                }
                return PendingCallQueries.waitingOn(tx, executionId, token).compose(call -> {
                    if ("TASK".equals(cb.kind())) {
                        if (call == null) {
                            return Future.succeededFuture(Receipt.DUPLICATE);
                        }
                        return complete(tx, call, Codec.outcome(taskOutcome.apply(call.callId())), now)
                                .map(v -> Receipt.DELIVERED);
                    }
                    if (call != null && call.state() == dev.baton.engine.CallState.WAITING) {
                        return complete(tx, call, Codec.wrap("value", Codec.parsePlain(request.encode())), now)
                                .map(v -> Receipt.DELIVERED);
                    }
                    return CallbackQueries.available(tx, token).compose(n -> {
                        if (n > 0) {
                            return Future.failedFuture(new ApiException(ApiException.Code.RESOURCE_EXHAUSTED,
                                    "callback " + token + " already received a request that no await has taken"
                                            + " yet; one request is accepted per await"));
                        }
                        return CallbackQueries.insertPayload(tx, token, request, now).map(v -> Receipt.QUEUED);
                    });
                });
            });
        })).onSuccess(r -> {
            if (r == Receipt.DELIVERED) {
                wakeups.due();
            }
        });
    }

    /** A completion report for the tasks.call waiting on {@code token}: true when it was applied. */
    public Future<Boolean> report(UUID executionId, String token, java.util.function.Function<String, Outcome> outcome) {
        Instant now = clock.now();
        return pool.withTransaction(tx -> ExecutionQueries.lockForSignal(tx, executionId).compose(e -> {
            if (e == null || e.state() != ExecutionStatus.ACTIVE) {
                return Future.succeededFuture(false);
            }
            return PendingCallQueries.waitingOn(tx, executionId, token).compose(call -> call == null
                    ? Future.succeededFuture(false)
                    : complete(tx, call, Codec.outcome(outcome.apply(call.callId())), now).map(v -> true));
        })).onSuccess(applied -> {
            if (applied) {
                wakeups.due();
            }
        });
    }

    private static Future<Void> complete(io.vertx.sqlclient.SqlConnection tx, CallRow call, JsonObject outcome,
            Instant now) {
        return PendingCallQueries.complete(tx, call.executionId(), call.callId(), outcome, now).compose(done ->
                done ? ExecutionQueries.signal(tx, call.executionId(), now) : Future.succeededFuture());
    }
}
