-- When the reconciler (dev.baton.checkout.service.SagaReconciler) next reads the execution of a PROCESSING payment,
-- to settle a payment whose saga ended without reporting (:complete). Set on entering PROCESSING to now + the
-- configured age, pushed ahead by each look (lease, then the recheck interval), cleared on leaving PROCESSING.
ALTER TABLE payment ADD COLUMN next_reconcile_at timestamptz;

-- Payments already running: due at once; reconciliation only acts on executions the engine reports as ended.
UPDATE payment SET next_reconcile_at = updated_at WHERE state = 'PROCESSING';

ALTER TABLE payment ADD CONSTRAINT payment_reconcile_check
    CHECK ((state = 'PROCESSING') = (next_reconcile_at IS NOT NULL));

-- The reconciler's claim: due running payments only.
CREATE INDEX payment_reconcile_due ON payment (next_reconcile_at) WHERE state = 'PROCESSING';
