-- Queues, tasks, completion reports and the OIDC signing key of the task queue.
-- States are TEXT with CHECK constraints mirroring the Java enums (QueueState, TaskState, ReportState), so a
-- bug that writes an unknown state fails in the database instead of producing a row nobody will ever pick up.

CREATE TABLE queue (
    -- Full resource name: projects/{p}/locations/{l}/queues/{q}.
    name                      text PRIMARY KEY,
    state                     text NOT NULL CHECK (state IN ('RUNNING', 'PAUSED', 'DISABLED')),
    max_dispatches_per_second double precision NOT NULL CHECK (max_dispatches_per_second > 0),
    max_burst_size            integer NOT NULL CHECK (max_burst_size >= 1),
    max_concurrent_dispatches integer NOT NULL CHECK (max_concurrent_dispatches >= 1),
    max_attempts              integer NOT NULL CHECK (max_attempts >= -1 AND max_attempts <> 0),
    max_retry_duration_ms     bigint NOT NULL CHECK (max_retry_duration_ms >= 0),
    min_backoff_ms            bigint NOT NULL CHECK (min_backoff_ms >= 0),
    max_backoff_ms            bigint NOT NULL CHECK (max_backoff_ms >= min_backoff_ms),
    max_doublings             integer NOT NULL CHECK (max_doublings >= 0),
    -- Token bucket shared by every instance: tokens held at tokens_at, refilled lazily at claim time.
    tokens                    double precision NOT NULL CHECK (tokens >= 0),
    tokens_at                 timestamptz NOT NULL,
    -- Set when a target answers 429/503: nothing is dispatched from the queue before this instant.
    throttled_until           timestamptz,
    purge_time                timestamptz,
    create_time               timestamptz NOT NULL,
    update_time               timestamptz NOT NULL
);

CREATE TABLE task (
    id                          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    queue_name                  text NOT NULL REFERENCES queue (name) ON DELETE CASCADE,
    task_id                     text NOT NULL,
    state                       text NOT NULL CHECK (state IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'DELETED')),
    http_method                 text NOT NULL CHECK (http_method IN ('POST', 'GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS')),
    url                         text NOT NULL,
    headers                     jsonb NOT NULL DEFAULT '{}',
    body                        bytea,
    oidc_service_account        text,
    oidc_audience               text,
    dispatch_deadline_ms        integer NOT NULL CHECK (dispatch_deadline_ms BETWEEN 15000 AND 1800000),
    report_url                  text,
    traceparent                 text,
    tracestate                  text,
    schedule_time               timestamptz NOT NULL,
    create_time                 timestamptz NOT NULL,
    -- RunTask: dispatch now even if the queue is paused or out of tokens.
    run_forced                  boolean NOT NULL DEFAULT false,
    dispatch_count              integer NOT NULL DEFAULT 0,
    response_count              integer NOT NULL DEFAULT 0,
    -- Responses that were not 5xx (X-CloudTasks-TaskExecutionCount).
    execution_count             integer NOT NULL DEFAULT 0,
    -- The attempt in flight (state RUNNING): who may finish it is identified by dispatch_count.
    lease_expires_at            timestamptz,
    attempt_schedule_time       timestamptz,
    attempt_dispatch_time       timestamptz,
    first_attempt_schedule_time timestamptz,
    first_attempt_dispatch_time timestamptz,
    first_attempt_response_time timestamptz,
    first_attempt_status        integer,
    last_attempt_schedule_time  timestamptz,
    last_attempt_dispatch_time  timestamptz,
    last_attempt_response_time  timestamptz,
    -- HTTP status of the last attempt; NULL when it got no response (connection error, deadline).
    last_attempt_status         integer,
    last_attempt_error          text,
    last_response_body          bytea,
    retry_reason                text,
    final_time                  timestamptz,
    -- A finished or deleted task keeps its row (a tombstone) so that its name stays taken until then.
    reserved_until              timestamptz,
    UNIQUE (queue_name, task_id),
    CHECK ((state IN ('PENDING', 'RUNNING')) = (final_time IS NULL)),
    CHECK ((state IN ('PENDING', 'RUNNING')) = (reserved_until IS NULL)),
    CHECK ((state = 'RUNNING') = (lease_expires_at IS NOT NULL))
);

-- Claiming: due pending tasks of one queue in schedule order.
CREATE INDEX task_pending_due ON task (queue_name, schedule_time, id) WHERE state = 'PENDING';
-- Concurrency count and lease rescue.
CREATE INDEX task_running_lease ON task (queue_name, lease_expires_at) WHERE state = 'RUNNING';
-- Tombstone cleanup.
CREATE INDEX task_tombstone_expiry ON task (reserved_until) WHERE state IN ('SUCCEEDED', 'FAILED', 'DELETED');

-- Outbox of completion reports (our extension): one row per task incarnation that reached a final state and
-- named a report URL, delivered with retries by ReportDeliverer.
CREATE TABLE completion_report (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- task.id of the finished task; UNIQUE makes "exactly one report per task" a database fact.
    task_row_id      bigint NOT NULL UNIQUE,
    task_name        text NOT NULL,
    url              text NOT NULL,
    outcome          text NOT NULL CHECK (outcome IN ('SUCCEEDED', 'FAILED', 'DELETED')),
    dispatch_count   integer NOT NULL,
    response_count   integer NOT NULL,
    last_status      integer,
    last_error       text,
    last_body        bytea,
    task_final_time  timestamptz NOT NULL,
    traceparent      text,
    state            text NOT NULL CHECK (state IN ('PENDING', 'RUNNING', 'DELIVERED', 'ABANDONED')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    lease_expires_at timestamptz,
    last_report_status integer,
    last_report_error  text,
    create_time      timestamptz NOT NULL,
    delivered_time   timestamptz,
    CHECK ((state = 'RUNNING') = (lease_expires_at IS NOT NULL))
);

CREATE INDEX completion_report_due ON completion_report (next_attempt_at, id) WHERE state = 'PENDING';
CREATE INDEX completion_report_running ON completion_report (lease_expires_at) WHERE state = 'RUNNING';

-- RSA keys that sign OIDC tokens. Shared through the database so that every instance signs with a key that
-- every instance's JWKS endpoint publishes.
CREATE TABLE signing_key (
    kid          text PRIMARY KEY,
    private_pkcs8 bytea NOT NULL,
    public_x509  bytea NOT NULL,
    create_time  timestamptz NOT NULL
);
