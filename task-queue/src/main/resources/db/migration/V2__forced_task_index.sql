-- Tasks waiting for a RunTask dispatch. Every claim and every poll looks for them; without this index that look-up
-- filtered every pending task of the queue, and the planner chose to scan the whole table, tombstones included.
CREATE INDEX task_forced ON task (queue_name, id) WHERE state = 'PENDING' AND run_forced;
