package dev.baton.checkout.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Checkout's configuration ({@code baton.checkout.*}): who may call the public API, where the workflow engine is
 * and how calls to it are guarded, how start-pending payments are retried, how payments whose saga ended without
 * reporting are reconciled, and how long idempotency keys live.
 * Checked at start by {@code CheckoutConfigCheck}.
 */
@ConfigMapping(prefix = "baton.checkout")
public interface CheckoutConfig {

    /**
     * Bearer tokens accepted on the public API ({@code Authorization: Bearer <key>}), comma-separated (env
     * {@code BATON_CHECKOUT_API_KEYS}). Default {@code baton-dev-key}, for local runs only: a prod instance that
     * still has it logs a warning at start. Any key in the list is accepted, so keys rotate by listing old and new.
     * The saga's {@code :complete} command does not take these: it carries the task queue's token instead.
     */
    @WithDefault("baton-dev-key")
    List<String> apiKeys();

    /** The workflow engine and the guards around calls to it. */
    Engine engine();

    /** Background starting of payments whose execution could not be created while the client waited. */
    Start start();

    /** Settling payments whose execution ended (FAILED, CANCELLED or SUCCEEDED) without the saga's :complete. */
    Reconcile reconcile();

    /** The public API's Idempotency-Key store. */
    Idempotency idempotency();

    /** Where and how checkout calls the Workflow Executions v1-compatible engine. */
    interface Engine {

        /**
         * Base URL of the engine (env {@code BATON_WORKFLOW_ENGINE_URL}, as the local launcher sets it). Default
         * {@code http://127.0.0.1:8082}. Also the base of each payment's {@code links.execution}.
         */
        @WithDefault("http://127.0.0.1:8082")
        URI url();

        /** The {@code projects/{project}} part of the workflow's name. Default {@code baton}. */
        @WithDefault("baton")
        String project();

        /** The {@code locations/{location}} part of the workflow's name. Default {@code local}. */
        @WithDefault("local")
        String location();

        /** The workflow every payment runs. Default {@code payment} (deploy/workflows/payment.workflows.yaml). */
        @WithDefault("payment")
        String workflow();

        /**
         * The workflow that runs a saga's compensations when its execution ended without running them (cancelled,
         * or an error escaped it); started by the reconciler. Default {@code payment-abort}
         * (deploy/workflows/payment-abort.workflows.yaml).
         */
        @WithDefault("payment-abort")
        String abortWorkflow();

        /** Guards of creating an execution (POST ... /executions). */
        Create create();

        /** Guards of reading an execution for a payment's progress (GET /v1/{name}). */
        Read read();

        /**
         * The circuit breakers: creating and reading each have one with these settings, so when the engine is down
         * neither keeps waiting for it.
         */
        CircuitBreaker circuitBreaker();
    }

    /**
     * Creating an execution. Only failures that prove the engine did not take the request (connection refused,
     * 429, 502, 503) are retried here; a timeout or another 5xx might have created the execution, so the payment is
     * left PENDING for the starter instead of retrying at once.
     */
    interface Create {

        /** Deadline of one attempt, connect to last byte. Default 3s. */
        @WithDefault("3s")
        Duration timeout();

        /** Retries after the first attempt. Default 2. */
        @WithDefault("2")
        int maxRetries();

        /** Pause before a retry. Default 200ms. */
        @WithDefault("200ms")
        Duration retryDelay();

        /** Random spread added to or taken from {@link #retryDelay()}. Default 100ms. */
        @WithDefault("100ms")
        Duration retryJitter();
    }

    /**
     * Reading an execution (a payment's GET, and the reconciler): never retried within the call, since a payment's GET
     * answers from storage when the engine is slow and the reconciler reads again at its next look.
     */
    interface Read {

        /** Deadline of the read. Default 1s. */
        @WithDefault("1s")
        Duration timeout();
    }

    /** SmallRye circuit breaker around the engine; counts connection failures, timeouts and 5xx, never 4xx. */
    interface CircuitBreaker {

        /** Calls in the rolling window the failure ratio is computed over. Default 10. */
        @WithDefault("10")
        int requestVolumeThreshold();

        /** Failure ratio in the window that opens the breaker. Default 0.5. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long an open breaker fails calls at once before letting trial calls through. Default 5s. */
        @WithDefault("5s")
        Duration delay();

        /** Successful trial calls that close a half-open breaker. Default 2. */
        @WithDefault("2")
        int successThreshold();
    }

    /** The starter: a reactive loop that creates executions for PENDING payments whose start is due. */
    interface Start {

        /** Whether the loop runs in this instance. Default true. */
        @WithDefault("true")
        boolean enabled();

        /** Wait after a round that found nothing due. Default 1s. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Payments claimed per round. Default 16. */
        @WithDefault("16")
        int batchSize();

        /**
         * How long a claimed start (by a request or the loop) is left alone before another attempt may take it over.
         * Must exceed the longest create call with its retries ({@code CheckoutConfigCheck} enforces it), or two
         * attempts could create two executions. Default 60s.
         */
        @WithDefault("60s")
        Duration lease();

        /** Wait before the first background retry after a failed start; doubled per attempt. Default 1s. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** The longest wait between two start attempts. Default 5m. Attempts never stop: a payment is never lost. */
        @WithDefault("5m")
        Duration maxBackoff();
    }

    /**
     * The reconciler: a reactive loop that reads the execution of every payment PROCESSING for longer than
     * {@link #age()} and, when the engine reports it ended without the payment having its outcome, records the
     * outcome the way {@code :complete} does (guarded transition, outbox event). Engine trouble only postpones a look.
     */
    interface Reconcile {

        /** Whether the loop runs in this instance. Default true. */
        @WithDefault("true")
        boolean enabled();

        /**
         * How long a payment runs (PROCESSING) before its execution is first read. The saga normally reports within
         * seconds; this keeps the loop away from healthy sagas. Default 2m.
         */
        @WithDefault("2m")
        Duration age();

        /**
         * Wait before reading again an execution that was still running, or that could not be read (engine down,
         * unknown execution, a result checkout cannot read). Default 1m.
         */
        @WithDefault("1m")
        Duration recheckInterval();

        /** Wait after a round that found fewer than a full batch due. Default 5s. */
        @WithDefault("5s")
        Duration pollInterval();

        /** Payments claimed per round. Default 16. */
        @WithDefault("16")
        int batchSize();

        /**
         * How long a claimed payment is left alone before another round (here or in another instance) may claim it
         * again; covers a look that died with its instance. Must exceed {@code engine.read.timeout}
         * ({@code CheckoutConfigCheck} enforces it). Default 30s.
         */
        @WithDefault("30s")
        Duration lease();
    }

    /** Stripe-style Idempotency-Key storage for {@code POST /v1/payments}. */
    interface Idempotency {

        /**
         * How long a key (and the response it replays) is kept. Default 24h, which is also the minimum: a shorter
         * value stops the application at start.
         */
        @WithDefault("24h")
        Duration retention();

        /** How often keys older than the retention are deleted. Default 1h. */
        @WithDefault("1h")
        Duration cleanupInterval();
    }
}
