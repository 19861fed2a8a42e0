-- Payments as checkout knows them. States mirror dev.baton.checkout.PaymentState; every transition is an
-- UPDATE ... WHERE state = <expected> in PaymentQueries.
CREATE TABLE payment (
    id                   uuid        PRIMARY KEY,
    customer_id          text        NOT NULL,
    customer_email       text        NOT NULL,
    amount_minor         bigint      NOT NULL CHECK (amount_minor > 0),
    currency             text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    -- A gateway token, never a card number (refused before it gets here); sent to the saga as its argument.
    payment_method_token text        NOT NULL,
    line_items           jsonb       NOT NULL,
    billing_country      text        CHECK (billing_country ~ '^[A-Z]{2}$'),
    ip_country           text        CHECK (ip_country ~ '^[A-Z]{2}$'),
    description          text,
    state                text        NOT NULL
        CONSTRAINT payment_state_check CHECK (state IN ('PENDING', 'PROCESSING', 'SUCCEEDED', 'FAILED')),
    -- projects/.../executions/<id>, recorded in the transaction that moves PENDING to PROCESSING.
    execution_name       text,
    -- Start bookkeeping while PENDING: when the next attempt to create the execution is due, how many were made.
    next_start_at        timestamptz,
    start_attempts       integer     NOT NULL DEFAULT 0 CHECK (start_attempts >= 0),
    last_start_error     text,
    -- The saga's outcome, written by :complete.
    order_id             text,
    failure_reason       text        CHECK (failure_reason ~ '^[a-z][a-z0-9_]*$'),
    failure_message      text,
    failed_step          text,
    steps_done           integer     CHECK (steps_done BETWEEN 0 AND 7),
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    completed_at         timestamptz,
    CONSTRAINT payment_pending_check CHECK (state <> 'PENDING' OR next_start_at IS NOT NULL),
    CONSTRAINT payment_processing_check CHECK (state <> 'PROCESSING' OR execution_name IS NOT NULL),
    CONSTRAINT payment_succeeded_check CHECK (state <> 'SUCCEEDED' OR (order_id IS NOT NULL AND steps_done = 7)),
    CONSTRAINT payment_failed_check CHECK (state <> 'FAILED' OR failure_reason IS NOT NULL),
    CONSTRAINT payment_completed_check CHECK ((state IN ('SUCCEEDED', 'FAILED')) = (completed_at IS NOT NULL))
);

-- Listing: newest first, optionally per customer (keyset on created_at, id).
CREATE INDEX payment_created ON payment (created_at DESC, id DESC);
CREATE INDEX payment_customer_created ON payment (customer_id, created_at DESC, id DESC);
-- The starter's claim: due start-pending payments only.
CREATE INDEX payment_start_due ON payment (next_start_at) WHERE state = 'PENDING';

-- Idempotency-Key of the public POST /v1/payments (Stripe semantics). Saga commands use the platform's
-- baton_platform.command_log instead; this one differs because the request spans an outbound call: it is claimed
-- IN_PROGRESS in one transaction and completed in another, and a concurrent duplicate is refused with 409.
CREATE TABLE idempotency_key (
    idempotency_key text        PRIMARY KEY,
    request_hash    text        NOT NULL,
    state           text        NOT NULL
        CONSTRAINT idempotency_key_state_check CHECK (state IN ('IN_PROGRESS', 'COMPLETED')),
    -- Deferred: the key is claimed before the payment row is written, in the same transaction.
    payment_id      uuid        NOT NULL REFERENCES payment (id) DEFERRABLE INITIALLY DEFERRED,
    response_status integer,
    response_body   text,
    created_at      timestamptz NOT NULL,
    -- When the request holding the key started; a holder older than the start lease is taken to have died.
    locked_at       timestamptz NOT NULL,
    CONSTRAINT idempotency_key_completed_check CHECK (state <> 'COMPLETED' OR response_status IS NOT NULL)
);

-- The reaper deletes keys older than the retention (at least 24 h).
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);
