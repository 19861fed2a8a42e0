-- The concurrency check counts ACTIVE and QUEUED executions of a workflow on every creation; the V1 index covered
-- ACTIVE only, so that count scanned every execution the workflow ever had.
DROP INDEX execution_active_by_workflow;
CREATE INDEX execution_live_by_workflow ON execution (workflow_id) WHERE state IN ('ACTIVE', 'QUEUED');
