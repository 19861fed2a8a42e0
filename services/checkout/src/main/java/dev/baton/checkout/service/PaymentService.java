package dev.baton.checkout.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.checkout.Completion;
import dev.baton.checkout.NewPayment;
import dev.baton.checkout.Payment;
import dev.baton.checkout.PaymentState;
import dev.baton.checkout.SagaSteps;
import dev.baton.checkout.client.Execution;
import dev.baton.checkout.client.WorkflowEngineClient;
import dev.baton.checkout.config.CheckoutConfig;
import dev.baton.checkout.repository.IdempotencyKeyRepository;
import dev.baton.checkout.repository.IdempotencyKeyRepository.StoredKey;
import dev.baton.checkout.repository.PaymentRepository;
import dev.baton.platform.command.IdempotentCommands;
import dev.baton.platform.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The payments use cases: accept a payment (idempotently, Stripe-style) and start its saga, report it, list them,
 * and record the saga's outcome.
 *
 * <p>Accepting spans an outbound call, so it cannot be one transaction: the Idempotency-Key is claimed IN_PROGRESS
 * together with the PENDING payment, the engine is called, and the response is stored with the payment's new state
 * in a second transaction. A duplicate that arrives in between gets 409; one that arrives after replays the stored
 * response. A key whose holder died in between (older than the start lease) is completed from the stored payment
 * by the next request that finds it.
 */
@ApplicationScoped
public class PaymentService {

    /** An answer of {@code POST /v1/payments}: the stored response, and whether this is a replay of it. */
    public record Answer(int status, String body, boolean replayed) {
    }

    /** A payment with what the engine said about its execution just now (empty: not asked, or no answer). */
    public record Tracked(Payment payment, Optional<Execution> execution) {
    }

    /** A page of a listing; {@code next} is null on the last page. */
    public record Page(List<Payment> payments, PaymentRepository.Cursor next) {
    }

    private sealed interface Claim {
    }

    private record Claimed(Payment payment) implements Claim {
    }

    private record Existing(StoredKey key) implements Claim {
    }

    private final Pool pool;
    private final PaymentRepository payments;
    private final IdempotencyKeyRepository keys;
    private final ExecutionStarter starter;
    private final WorkflowEngineClient engine;
    private final IdempotentCommands commands;
    private final PaymentOutcomes outcomes;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Duration lease;

    public PaymentService(Pool pool, PaymentRepository payments, IdempotencyKeyRepository keys,
            ExecutionStarter starter, WorkflowEngineClient engine, IdempotentCommands commands,
            PaymentOutcomes outcomes, ObjectMapper mapper, Clock clock, CheckoutConfig config) {
        this.pool = pool;
        this.payments = payments;
        this.keys = keys;
        this.starter = starter;
        this.engine = engine;
        this.commands = commands;
        this.outcomes = outcomes;
        this.mapper = mapper;
        this.clock = clock;
        this.lease = config.start().lease();
    }

    /**
     * Records {@code request} as a PENDING payment under {@code key} and tries to start its execution; answers 202
     * with {@code render(payment)} either way (PROCESSING when started, PENDING when the start is left to the
     * starter).
     *
     * @throws ProblemException 422 when the key was used for another request, 409 while its first request runs
     */
    public Uni<Answer> create(String key, NewPayment request, Function<Payment, Object> render) {
        String hash = hash("POST /v1/payments", request);
        OffsetDateTime now = now();
        UUID id = UUID.randomUUID();
        Uni<Claim> claim = pool.withTransaction(tx -> keys.claim(tx, key, hash, id, now).chain(claimed -> claimed
                ? payments.insert(tx, id, request, now.plus(lease), now).map(Claimed::new)
                : keys.find(tx, key).map(found -> new Existing(found.orElseThrow(
                        () -> new IllegalStateException("Idempotency key vanished: " + key))))));
        return claim.chain(c -> switch (c) {
            case Claimed(Payment payment) -> starter.start(payment, (tx, started) -> {
                String body = json(render.apply(started));
                return keys.complete(tx, key, 202, body).replaceWith(new Answer(202, body, false));
            });
            case Existing(StoredKey stored) -> existing(key, hash, stored, render);
        });
    }

    private Uni<Answer> existing(String key, String hash, StoredKey stored, Function<Payment, Object> render) {
        if (!stored.requestHash().equals(hash)) {
            throw new ProblemException(422, "idempotency-key-reused", "Idempotency key reused",
                    ("Idempotency-Key '%s' was used for another request (payment %s); send a new key for a new"
                            + " payment").formatted(key, stored.paymentId()));
        }
        if (stored.completed()) {
            return Uni.createFrom().item(new Answer(stored.responseStatus(), stored.responseBody(), true));
        }
        OffsetDateTime staleBefore = now().minus(lease);
        if (stored.lockedAt().isAfter(staleBefore)) {
            throw new ProblemException(409, "request-in-progress", "Request in progress",
                    ("A request with Idempotency-Key '%s' is still being processed; retry after it has finished to"
                            + " get its response").formatted(key));
        }
        // Its holder died between recording the payment and storing the answer: answer from the payment.
        return payments.find(stored.paymentId()).map(Optional::orElseThrow)
                .chain(p -> keys.completeIfStale(pool, key, 202, json(render.apply(p)), staleBefore))
                .chain(ignored -> keys.find(key)).map(Optional::orElseThrow)
                .map(k -> new Answer(k.responseStatus(), k.responseBody(), true));
    }

    /**
     * The payment with, while its saga runs, the engine's view of the execution. The engine is asked with a short
     * deadline and its failure is not the caller's: the stored payment is answered without it.
     */
    public Uni<Optional<Tracked>> get(UUID id) {
        return payments.find(id).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Optional.<Tracked>empty());
            }
            Payment p = found.get();
            if (p.state() != PaymentState.PROCESSING) {
                return Uni.createFrom().item(Optional.of(new Tracked(p, Optional.empty())));
            }
            return engine.get(p.executionName()).map(Optional::of)
                    .onFailure().recoverWithItem(e -> Optional.empty())
                    .call(execution -> observe(p, execution))
                    .map(execution -> Optional.of(new Tracked(p, execution)));
        });
    }

    /**
     * Remembers the saga step the execution was seen at, so that while it compensates (steps that do not name the
     * failed step) progress can still name it. Best effort: a failure here must not fail the read.
     */
    private Uni<Void> observe(Payment p, Optional<Execution> execution) {
        if (execution.isPresent() && SagaSteps.locate(execution.get().currentSteps()) instanceof SagaSteps.At(String step)
                && !step.equals(p.observedStep())) {
            return payments.observeStep(p.id(), step).onFailure().recoverWithNull();
        }
        return Uni.createFrom().voidItem();
    }

    /** One page of payments, newest first; {@code size} rows at most. */
    public Uni<Page> list(PaymentRepository.ListFilter filter, PaymentRepository.Cursor after, int size) {
        return payments.list(filter, after, size + 1).map(rows -> {
            if (rows.size() <= size) {
                return new Page(rows, null);
            }
            List<Payment> page = rows.subList(0, size);
            Payment last = page.getLast();
            return new Page(List.copyOf(page), new PaymentRepository.Cursor(last.createdAt(), last.id()));
        });
    }

    /**
     * Applies the saga's outcome once per {@code key} (platform command log): moves the payment to SUCCEEDED or
     * FAILED and appends the matching event to the outbox, in one transaction; answers 200 with
     * {@code render(payment)}.
     *
     * @throws ProblemException 404 unknown payment, 422 another customer's payment, 409 already terminal
     */
    public Uni<IdempotentCommands.Outcome> complete(String key, UUID id, Completion completion,
            Function<Payment, Object> render) {
        return commands.apply(key, "checkout.complete:" + id, completion, tx -> completeIn(tx, key, id, completion)
                .map(p -> new IdempotentCommands.Result(200, render.apply(p))));
    }

    private Uni<Payment> completeIn(SqlConnection tx, String key, UUID id, Completion c) {
        return payments.findForUpdate(tx, id).chain(found -> {
            Payment p = found.orElseThrow(() -> notFound(id));
            if (!p.customerId().equals(c.customerId())) {
                throw new ProblemException(422, "customer-mismatch", "Customer does not match",
                        "Payment %s belongs to another customer than '%s'".formatted(id, c.customerId()));
            }
            // Terminal already (by an earlier :complete or by the reconciler): 409, and nothing is written.
            return outcomes.record(tx, key, id, c, now()).map(updated -> updated.orElseThrow(
                    () -> new ProblemException(409, "illegal-transition", "Illegal state transition",
                            "Payment %s is %s already; it cannot become %s".formatted(id, p.state(), c.status()))));
        });
    }

    /** 404 for a payment id nobody knows. */
    public static ProblemException notFound(UUID id) {
        return new ProblemException(404, "payment-not-found", "Payment not found", "No payment with id " + id);
    }

    private String hash(String operation, Object request) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update(operation.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(json(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
