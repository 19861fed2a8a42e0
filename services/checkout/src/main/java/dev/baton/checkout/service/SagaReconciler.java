package dev.baton.checkout.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.checkout.Completion;
import dev.baton.checkout.Payment;
import dev.baton.checkout.PaymentState;
import dev.baton.checkout.SagaArgument;
import dev.baton.checkout.client.EngineException;
import dev.baton.checkout.client.Execution;
import dev.baton.checkout.client.WorkflowEngineClient;
import dev.baton.checkout.config.CheckoutConfig;
import dev.baton.checkout.repository.PaymentRepository;
import dev.baton.platform.command.IdempotentCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Settles payments whose saga ended without reporting: an execution of {@code payment} that an operator cancelled,
 * or that an error escaped (FAILED), never runs {@code record_outcome}, and its payment would stay PROCESSING for
 * ever.
 *
 * <p>A loop on Vert.x timers (like {@link ExecutionStarter}'s) claims PROCESSING payments whose
 * {@code next_reconcile_at} is due ({@code FOR UPDATE SKIP LOCKED}, a bounded batch, each held for
 * {@code baton.checkout.reconcile.lease}). That time is set to "entered PROCESSING + {@code reconcile.age}", so
 * healthy sagas, which report within seconds, are never read. For each claimed payment it reads the execution
 * ({@link WorkflowEngineClient#get}: deadline and circuit breaker) and:
 *
 * <ul>
 *   <li>SUCCEEDED with the result {@code {status: SUCCEEDED, orderId}}: the payment SUCCEEDS with that order;</li>
 *   <li>SUCCEEDED with the result {@code {status: FAILED, reason, failedStep}}: it FAILS with that reason and
 *       step;</li>
 *   <li>CANCELLED or FAILED: the saga stopped without running its compensations (a cancelled execution runs no
 *       except block; an error that escaped it skipped them). The reconciler starts an execution of
 *       {@code payment-abort} ({@code baton.checkout.engine.abort-workflow}) with the saga's argument and the reason
 *       ({@value #SAGA_CANCELLED} or {@value #SAGA_FAILED}), records its name on the payment, and settles the payment
 *       from that execution once it ends: {@code {status: FAILED, reason}} after every compensation ran, or
 *       {@code {status: SUCCEEDED, orderId}} when the saga had confirmed the order before it was stopped. Should the
 *       abort execution itself fail or be cancelled, the payment FAILS with the saga's reason and an error is logged:
 *       compensations may be missing and an operator must look. A create that timed out after the engine applied
 *       it can start a second abort execution; it only replays the first one's commands (same keys and bodies);</li>
 *   <li>still running, engine unreachable or unknown execution, or a result it cannot read: nothing changes and the
 *       payment is looked at again after {@code reconcile.recheck-interval}. Engine trouble never fails a payment.</li>
 * </ul>
 *
 * <p>An outcome is recorded as a compensation of the saga's own {@code :complete}
 * ({@link IdempotentCommands#compensate}): its key is {@code <paymentId>:reconcile} and it names
 * {@code <paymentId>:record_outcome}, the key payment.workflows.yaml gives {@code :complete}, as its forward key.
 * In one transaction that claims both keys, moves the payment through {@link PaymentOutcomes} (the guarded
 * transition and outbox event {@code :complete} uses; event id {@code <paymentId>:reconcile}) and stores the answer.
 * So a {@code :complete} that arrives late changes nothing and answers 409: {@code compensated} under the saga's key,
 * {@code illegal-transition} under any other; one in flight at the same moment holds the key, and the reconciler
 * waits for it and then finds the payment terminal and writes nothing.
 */
@ApplicationScoped
public class SagaReconciler {

    /** Failure reason of a payment whose execution ended FAILED: an error escaped the saga. */
    public static final String SAGA_FAILED = "saga_failed";
    /** Failure reason of a payment whose execution was cancelled. */
    public static final String SAGA_CANCELLED = "saga_cancelled";
    /** The reconciler's own command: key {@code <paymentId>:reconcile}, operation {@code checkout.reconcile:<id>}. */
    public static final String OPERATION = "checkout.reconcile";
    /** The step name in the reconciler's key and event id. */
    public static final String KEY_STEP = "reconcile";
    /** The step of the saga's {@code :complete} command, whose key {@code <paymentId>:record_outcome} it settles. */
    public static final String FORWARD_STEP = "record_outcome";

    private static final Logger LOG = Logger.getLogger(SagaReconciler.class);
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9_]{0,99}");

    /** What one look at a payment found, and did. */
    public enum Look {
        /** The execution runs (ACTIVE, or QUEUED in the engine): looked at again after the recheck interval. */
        RUNNING,
        /**
         * The engine gave no usable answer (unreachable, slow, breaker open, 5xx, or it does not know the
         * execution): looked at again after the recheck interval.
         */
        ENGINE_UNAVAILABLE,
        /**
         * The execution is in a state checkout does not know, or SUCCEEDED with a result that is no payment outcome:
         * the payment stays PROCESSING (an operator's case; logged) and is looked at again later.
         */
        UNREADABLE,
        /**
         * The saga ended without compensating, and its compensations run in an execution of {@code payment-abort}
         * (started by this look, or still running): looked at again after the recheck interval.
         */
        COMPENSATING,
        /** The execution had ended and this look recorded the payment's outcome and its event. */
        SETTLED,
        /**
         * The execution had ended, but the payment got its outcome first (a {@code :complete} that landed after the
         * claim): nothing written.
         */
        SETTLED_ALREADY,
        /** The look broke off (storage trouble): the claim's lease makes the payment due again. */
        BROKEN
    }

    /** What the execution says about the payment's outcome. */
    sealed interface Verdict {
    }

    /** Not ended yet. */
    record Running() implements Verdict {
    }

    /** Ended with this outcome. */
    record Ended(Completion completion) implements Verdict {
    }

    /** Ended without running its compensations (CANCELLED, FAILED): {@code completion} once they have run. */
    record Abort(Completion completion) implements Verdict {
    }

    /** Ended, or in an unknown state, in a way that gives no outcome. */
    record Unreadable(String why) implements Verdict {
    }

    /** The answer the reconciler stores in the command log under its key. */
    record Settlement(String paymentId, String executionName, String executionState, PaymentState outcome,
            boolean applied) {
    }

    private final WorkflowEngineClient engine;
    private final PaymentRepository payments;
    private final PaymentOutcomes outcomes;
    private final IdempotentCommands commands;
    private final ObjectMapper mapper;
    private final CheckoutConfig.Reconcile config;
    private final String abortWorkflow;
    private final Clock clock;
    private final Vertx vertx;
    private volatile boolean running;

    public SagaReconciler(WorkflowEngineClient engine, PaymentRepository payments, PaymentOutcomes outcomes,
            IdempotentCommands commands, ObjectMapper mapper, CheckoutConfig config, Clock clock, Vertx vertx) {
        this.engine = engine;
        this.payments = payments;
        this.outcomes = outcomes;
        this.commands = commands;
        this.mapper = mapper;
        this.config = config.reconcile();
        this.abortWorkflow = config.engine().abortWorkflow();
        this.clock = clock;
        this.vertx = vertx;
    }

    /**
     * One round: claims the PROCESSING payments whose look is due at {@code now} and looks at each. Never fails
     * because of the engine; fails only when the claim itself cannot be made (storage).
     *
     * @return what each claimed payment's look found, in claim order
     */
    public Uni<List<Look>> round(OffsetDateTime now) {
        return payments.claimDueReconciles(now, now.plus(config.lease()), config.batchSize())
                .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(List.<Look>of())
                        : Uni.join().all(claimed.stream().map(p -> look(p, now)).toList()).andFailFast())
                .invoke(SagaReconciler::summarise);
    }

    /**
     * Looks at one claimed payment ({@code p} as the claim returned it) at {@code now}: reads its execution and,
     * when it ended, records the outcome. Never fails: trouble is a {@link Look} and the payment is looked at again.
     */
    Uni<Look> look(Payment p, OffsetDateTime now) {
        return engine.get(p.executionName())
                .chain(execution -> switch (verdict(execution, p, mapper)) {
                    case Running() -> later(p, now).replaceWith(Look.RUNNING);
                    case Ended(Completion c) -> settle(p, execution, c, now);
                    case Abort(Completion c) -> abort(p, execution, c, now);
                    case Unreadable(String why) -> {
                        LOG.errorf("Payment %s: execution %s cannot be reconciled (%s); the payment stays PROCESSING"
                                + " for an operator", p.id(), p.executionName(), why);
                        yield later(p, now).replaceWith(Look.UNREADABLE);
                    }
                })
                .onFailure(EngineException.class).recoverWithUni(e -> {
                    // A refusal (404: the engine does not know the execution) will not pass by itself: say so per
                    // payment. An engine that is down is summed up once per round instead.
                    LOG.logf(e instanceof EngineException.Rejected ? Logger.Level.WARN : Logger.Level.DEBUG,
                            "Payment %s: execution %s not read, next look in %s: %s", p.id(), p.executionName(),
                            config.recheckInterval(), e.getMessage());
                    return later(p, now).replaceWith(Look.ENGINE_UNAVAILABLE);
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "Payment %s: reconciliation broke off; due again after the lease (%s)", p.id(),
                            config.lease());
                    return Look.BROKEN;
                });
    }

    private Uni<Void> later(Payment p, OffsetDateTime now) {
        return payments.scheduleReconcile(p.id(), now.plus(config.recheckInterval()), now).replaceWithVoid();
    }

    /**
     * The saga {@code saga} stopped without compensating: starts {@code payment-abort} for the payment when none is
     * recorded, otherwise settles the payment from that execution once it ended.
     */
    private Uni<Look> abort(Payment p, Execution saga, Completion c, OffsetDateTime now) {
        if (p.abortExecutionName() == null) {
            return engine.create(abortWorkflow, abortArgument(p, c.reason()))
                    .chain(started -> payments.recordAbort(p.id(), started.name(), now.plus(config.recheckInterval()),
                            now).map(recorded -> {
                                LOG.warnf("Payment %s: execution %s ended %s without running its compensations;"
                                        + " started %s to run them", p.id(), saga.name(), saga.state(),
                                        started.name());
                                return Look.COMPENSATING;
                            }));
        }
        return engine.get(p.abortExecutionName()).chain(abort -> switch (abort.state() == null ? "" : abort.state()) {
            case "ACTIVE", "QUEUED" -> later(p, now).replaceWith(Look.COMPENSATING);
            case "FAILED", "CANCELLED" -> {
                LOG.errorf("Payment %s: compensation execution %s ended %s%s; the payment FAILS as %s, but its"
                        + " compensations may not all have run: an operator must check gateway, order and ledger",
                        p.id(), abort.name(), abort.state(),
                        abort.error() == null ? "" : " (" + abort.error() + ")", c.reason());
                yield settle(p, abort, c, now);
            }
            default -> switch (verdict(abort, p, mapper)) {
                case Ended(Completion outcome) -> settle(p, abort, outcome.message() != null
                        || outcome.status() != PaymentState.FAILED ? outcome
                        : new Completion(outcome.customerId(), outcome.status(), outcome.orderId(), outcome.reason(),
                                c.message(), outcome.failedStep()), now);
                case Unreadable(String why) -> {
                    LOG.errorf("Payment %s: compensation execution %s cannot be reconciled (%s); the payment stays"
                            + " PROCESSING for an operator", p.id(), abort.name(), why);
                    yield later(p, now).replaceWith(Look.UNREADABLE);
                }
                default -> later(p, now).replaceWith(Look.UNREADABLE);
            };
        });
    }

    private String abortArgument(Payment p, String reason) {
        try {
            return mapper.writeValueAsString(Map.of("payment", SagaArgument.of(p), "reason", reason));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Uni<Look> settle(Payment p, Execution execution, Completion c, OffsetDateTime now) {
        String key = p.id() + ":" + KEY_STEP;
        String forwardKey = p.id() + ":" + FORWARD_STEP;
        var applied = new AtomicBoolean();
        return commands.compensate(key, OPERATION + ":" + p.id(), c, forwardKey, (tx, reported) -> outcomes
                .record(tx, key, p.id(), c, now)
                .map(moved -> {
                    applied.set(moved.isPresent());
                    return new IdempotentCommands.Result(200, new Settlement(p.id().toString(), execution.name(),
                            execution.state(), moved.map(Payment::state).orElse(null), moved.isPresent()));
                }))
                .map(outcome -> {
                    if (!applied.get()) {
                        LOG.infof("Payment %s: execution %s ended %s, but the payment had its outcome already",
                                p.id(), execution.name(), execution.state());
                        return Look.SETTLED_ALREADY;
                    }
                    LOG.warnf("Payment %s: execution %s ended %s and did not report; recorded %s%s%s", p.id(),
                            execution.name(), execution.state(), c.status(),
                            c.reason() == null ? "" : " " + c.reason(),
                            execution.error() == null ? "" : " (engine error: " + execution.error() + ")");
                    return Look.SETTLED;
                });
    }

    /** What {@code e} says about payment {@code p}'s outcome. */
    static Verdict verdict(Execution e, Payment p, ObjectMapper mapper) {
        String customer = p.customerId();
        return switch (e.state() == null ? "" : e.state()) {
            case "ACTIVE", "QUEUED" -> new Running();
            case "FAILED" -> new Abort(new Completion(customer, PaymentState.FAILED, null, SAGA_FAILED,
                    "the payment could not be completed", null));
            case "CANCELLED" -> new Abort(new Completion(customer, PaymentState.FAILED, null, SAGA_CANCELLED,
                    "the payment was cancelled before it could be completed", null));
            case "SUCCEEDED" -> fromResult(e.result(), p, mapper);
            default -> new Unreadable("execution state '" + e.state() + "'");
        };
    }

    /**
     * The outcome payment.workflows.yaml returns: {@code {paymentId, status: SUCCEEDED, orderId}} or
     * {@code {paymentId, status: FAILED, reason, failedStep}}.
     */
    private static Verdict fromResult(String result, Payment p, ObjectMapper mapper) {
        JsonNode r;
        try {
            r = result == null ? null : mapper.readTree(result);
        } catch (java.io.IOException e) {
            r = null;
        }
        if (r == null || !r.isObject()) {
            return new Unreadable("SUCCEEDED without a JSON object result");
        }
        String paymentId = text(r, "paymentId", 100);
        if (paymentId != null && !paymentId.equals(p.id().toString())) {
            return new Unreadable("SUCCEEDED with the result of payment " + paymentId);
        }
        String orderId = text(r, "orderId", 100);
        return switch (r.path("status").asText("")) {
            case "SUCCEEDED" -> orderId == null ? new Unreadable("result SUCCEEDED without an orderId")
                    : new Ended(new Completion(p.customerId(), PaymentState.SUCCEEDED, orderId, null, null, null));
            case "FAILED" -> {
                String reason = text(r, "reason", 100);
                yield new Ended(new Completion(p.customerId(), PaymentState.FAILED, orderId,
                        reason != null && SNAKE_CASE.matcher(reason).matches() ? reason
                                : PaymentOutcomes.DEFAULT_REASON,
                        text(r, "message", 1000), text(r, "failedStep", 100)));
            }
            default -> new Unreadable("SUCCEEDED with a result whose status is neither SUCCEEDED nor FAILED");
        };
    }

    /** A non-blank string field, cut to the length {@code :complete} would accept; null otherwise. */
    private static String text(JsonNode node, String field, int max) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            return null;
        }
        String s = value.asText();
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static void summarise(List<Look> looks) {
        if (looks.isEmpty()) {
            return;
        }
        Map<Look, Integer> counts = new EnumMap<>(Look.class);
        looks.forEach(l -> counts.merge(l, 1, Integer::sum));
        if (counts.containsKey(Look.ENGINE_UNAVAILABLE)) {
            LOG.warnf("Reconciliation: %d of %d payments could not be checked, the workflow engine gave no answer;"
                    + " they are looked at again later", counts.get(Look.ENGINE_UNAVAILABLE), looks.size());
        }
        LOG.debugf("Reconciliation round: %s", counts);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        running = true;
        schedule(config.pollInterval());
        LOG.infof("Saga reconciler running (payments PROCESSING longer than %s, poll every %s, recheck every %s)",
                config.age(), config.pollInterval(), config.recheckInterval());
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    private void schedule(Duration wait) {
        if (!running) {
            return;
        }
        vertx.setTimer(Math.max(1, wait.toMillis()), id -> round(now()).subscribe().with(
                looks -> schedule(looks.size() >= config.batchSize() ? Duration.ZERO : config.pollInterval()),
                failure -> {
                    LOG.warnf("Reconciliation round failed, next in %s: %s", config.pollInterval(),
                            failure.getMessage());
                    schedule(config.pollInterval());
                }));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
