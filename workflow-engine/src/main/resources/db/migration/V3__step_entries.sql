-- The execution history (Google's stepEntries): one row per step an execution started, written by the checkpoint
-- that follows it, in the same transaction as the interpreter state. entry_id is the execution's step count when the
-- step started, so a run replayed from a checkpoint after a crash writes the same ids. Only the newest entries are
-- kept (baton.engine.step-entries.max-per-execution); execution.step_count still counts them all.
CREATE TABLE step_entry (
    execution_id uuid NOT NULL REFERENCES execution (id) ON DELETE CASCADE,
    entry_id     bigint NOT NULL,
    -- The enclosing step's entry (for, try, switch, steps, parallel, subworkflow call), null at the top.
    parent_id    bigint,
    -- The fiber: main, or the path of a parallel branch or iteration.
    thread       text NOT NULL,
    routine      text NOT NULL,
    step         text NOT NULL,
    step_type    text NOT NULL CHECK (step_type IN ('STEP_ASSIGN', 'STEP_STD_LIB_CALL', 'STEP_CONNECTOR_CALL',
        'STEP_SUBWORKFLOW_CALL', 'STEP_SWITCH', 'STEP_FOR', 'STEP_PARALLEL_FOR', 'STEP_PARALLEL_BRANCH',
        'STEP_TRY_RETRY_EXCEPT', 'STEP_RAISE', 'STEP_RETURN', 'STEP_STEPS', 'STEP_GOTO')),
    -- runtime.StepEntry.State
    state        text NOT NULL CHECK (state IN ('IN_PROGRESS', 'SUCCEEDED', 'FAILED')),
    -- The blocking call the step waited on (pending_call.call_id), for its function and attempts.
    call_id      text,
    -- The error map that failed the step.
    exception    jsonb,
    create_time  timestamptz NOT NULL,
    update_time  timestamptz NOT NULL,
    PRIMARY KEY (execution_id, entry_id),
    CHECK (state = 'FAILED' OR exception IS NULL)
);
