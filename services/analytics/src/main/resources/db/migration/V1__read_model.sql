-- The event log: every consumed event, in consumption order. The source of truth of this service; every other
-- table is a projection of it and is rebuilt from it by POST /v1/analytics/rebuild.
CREATE TABLE event_log (
    seq      bigserial   PRIMARY KEY,
    source   text        NOT NULL,
    event_id text        NOT NULL,
    type     text        NOT NULL,
    time     timestamptz NOT NULL,
    data     jsonb       NOT NULL,
    UNIQUE (source, event_id)
);

-- Revenue per currency per hour and per day (bucket_start in UTC). Granularity mirrors dev.baton.analytics.Granularity.
CREATE TABLE revenue_bucket (
    granularity    text        NOT NULL CONSTRAINT revenue_bucket_granularity_check CHECK (granularity IN ('HOUR', 'DAY')),
    bucket_start   timestamptz NOT NULL,
    currency       text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    captured_minor bigint      NOT NULL DEFAULT 0,
    refunded_minor bigint      NOT NULL DEFAULT 0,
    payments       integer     NOT NULL DEFAULT 0,
    refunds        integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (granularity, bucket_start, currency)
);

-- One terminal outcome per payment (approval rate, failure reasons). Outcome mirrors dev.baton.analytics.PaymentOutcome.
CREATE TABLE payment_outcome (
    payment_id  text        PRIMARY KEY,
    outcome     text        NOT NULL CONSTRAINT payment_outcome_outcome_check CHECK (outcome IN ('SUCCEEDED', 'FAILED')),
    reason      text,
    occurred_at timestamptz NOT NULL,
    CONSTRAINT payment_outcome_reason_check CHECK ((outcome = 'FAILED') = (reason IS NOT NULL))
);
CREATE INDEX payment_outcome_time ON payment_outcome (occurred_at);

CREATE TABLE refund (
    refund_id    text        PRIMARY KEY,
    payment_id   text        NOT NULL,
    amount_minor bigint      NOT NULL,
    currency     text        NOT NULL,
    refunded_at  timestamptz NOT NULL
);

CREATE TABLE fraud_assessment (
    assessment_id text        PRIMARY KEY,
    payment_id    text        NOT NULL,
    verdict       text        NOT NULL CHECK (verdict IN ('APPROVE', 'REVIEW', 'REJECT')),
    assessed_at   timestamptz NOT NULL
);
CREATE INDEX fraud_assessment_time ON fraud_assessment (assessed_at);

CREATE TABLE saga_run (
    execution_id    text        PRIMARY KEY,
    workflow        text        NOT NULL,
    outcome         text        NOT NULL CHECK (outcome IN ('SUCCEEDED', 'FAILED', 'CANCELLED')),
    duration_millis bigint      NOT NULL CHECK (duration_millis >= 0),
    finished_at     timestamptz NOT NULL
);
CREATE INDEX saga_run_time ON saga_run (finished_at);
