-- Workflows (with every revision), executions, their blocking calls (the durable step history) and callbacks.
-- States are TEXT with CHECK constraints mirroring the Java enums (ExecutionStatus, CallState), so a bug that
-- writes an unknown state fails here instead of leaving a row nobody picks up.

CREATE TABLE workflow (
    -- The workflow id; any project/location may address it (names echo the ones it was created under).
    workflow_id          text PRIMARY KEY,
    project              text NOT NULL,
    location             text NOT NULL,
    revision_id          text NOT NULL,
    revision_seq         integer NOT NULL,
    description          text NOT NULL DEFAULT '',
    labels               jsonb NOT NULL DEFAULT '{}',
    user_env_vars        jsonb NOT NULL DEFAULT '{}',
    source_contents      text NOT NULL,
    -- Where it came from: API, or DIRECTORY (deployed at start from the definitions directory).
    origin               text NOT NULL CHECK (origin IN ('API', 'DIRECTORY')),
    create_time          timestamptz NOT NULL,
    update_time          timestamptz NOT NULL,
    revision_create_time timestamptz NOT NULL
);

-- Every revision ever deployed; executions run the revision they started with, even after a patch or delete.
CREATE TABLE workflow_revision (
    workflow_id     text NOT NULL,
    revision_id     text NOT NULL,
    source_contents text NOT NULL,
    user_env_vars   jsonb NOT NULL DEFAULT '{}',
    create_time     timestamptz NOT NULL,
    PRIMARY KEY (workflow_id, revision_id)
);

-- Long-running operations of the Workflows API (create, patch, delete complete at once but are LROs there).
CREATE TABLE operation (
    name        text PRIMARY KEY,
    body        jsonb NOT NULL,
    create_time timestamptz NOT NULL
);

CREATE TABLE execution (
    id                uuid PRIMARY KEY,
    project           text NOT NULL,
    location          text NOT NULL,
    workflow_id       text NOT NULL,
    revision_id       text NOT NULL,
    state             text NOT NULL CHECK (state IN ('QUEUED', 'ACTIVE', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    argument          text,
    result            text,
    error             jsonb,
    -- The interpreter state (runtime.ExecutionState JSON) at the last checkpoint; null before the first run.
    machine           text,
    current_steps     jsonb NOT NULL DEFAULT '[]',
    step_count        bigint NOT NULL DEFAULT 0,
    -- Key of the callback URLs' HMAC: callback ids are unguessable yet stable across replays.
    secret            bytea NOT NULL,
    -- Scheduling: the earliest instant any engine may claim this execution (new signal, due timer, or the end of
    -- the current lease); null when it waits for a signal only.
    run_at            timestamptz,
    lease_owner       text,
    lease_expires_at  timestamptz,
    -- Bumped by every signal (outcome, cancel) so a checkpoint can tell it must run again.
    signal_seq        bigint NOT NULL DEFAULT 0,
    cancel_requested  boolean NOT NULL DEFAULT false,
    -- Checkpoints written (each is one durable step transition).
    checkpoints       bigint NOT NULL DEFAULT 0,
    create_time       timestamptz NOT NULL,
    start_time        timestamptz,
    end_time          timestamptz,
    update_time       timestamptz NOT NULL,
    CHECK ((state IN ('QUEUED', 'ACTIVE')) = (end_time IS NULL))
);

CREATE INDEX execution_due ON execution (run_at) WHERE state = 'ACTIVE' AND run_at IS NOT NULL;
CREATE INDEX execution_by_workflow ON execution (workflow_id, create_time DESC, id DESC);
CREATE INDEX execution_active_by_workflow ON execution (workflow_id) WHERE state = 'ACTIVE';
CREATE INDEX execution_queued ON execution (workflow_id, create_time) WHERE state = 'QUEUED';

-- One row per blocking call an execution made (http.*, sys.sleep, events.await_callback, tasks.*): the durable
-- step history. CallState: IN_FLIGHT (being performed by the lease holder), WAITING (a timer or a signal),
-- DONE (outcome stored, not yet applied), CONSUMED (applied by a checkpoint), CANCELLED.
CREATE TABLE pending_call (
    execution_id   uuid NOT NULL REFERENCES execution (id) ON DELETE CASCADE,
    call_id        text NOT NULL,
    function       text NOT NULL,
    routine        text NOT NULL,
    step           text NOT NULL,
    args           jsonb NOT NULL,
    state          text NOT NULL CHECK (state IN ('IN_FLIGHT', 'WAITING', 'DONE', 'CONSUMED', 'CANCELLED')),
    -- Sleep: wake time. Callback: timeout. In flight: when the holder's attempt counts as lost.
    due_at         timestamptz,
    callback_token text,
    task_name      text,
    -- {"value": ...} or {"error": ...}
    outcome        jsonb,
    attempts       integer NOT NULL DEFAULT 0,
    create_time    timestamptz NOT NULL,
    complete_time  timestamptz,
    PRIMARY KEY (execution_id, call_id)
);

CREATE INDEX pending_call_open ON pending_call (execution_id) WHERE state IN ('IN_FLIGHT', 'WAITING', 'DONE');
CREATE INDEX pending_call_callback ON pending_call (callback_token) WHERE state = 'WAITING';

-- Callback endpoints: created by events.create_callback_endpoint (ENDPOINT) or for one tasks.call (TASK).
CREATE TABLE callback (
    token        text PRIMARY KEY,
    execution_id uuid NOT NULL REFERENCES execution (id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('ENDPOINT', 'TASK')),
    method       text NOT NULL,
    create_time  timestamptz NOT NULL
);

CREATE INDEX callback_by_execution ON callback (execution_id, token);

-- Requests received by an ENDPOINT callback while no await_callback was waiting: the next await takes one.
CREATE TABLE callback_payload (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token        text NOT NULL REFERENCES callback (token) ON DELETE CASCADE,
    payload      jsonb NOT NULL,
    consumed_by  text,
    receive_time timestamptz NOT NULL
);

CREATE INDEX callback_payload_available ON callback_payload (token, id) WHERE consumed_by IS NULL;
