-- The furthest saga step a read of the execution has seen while the payment runs. Compensation steps do not name
-- the step that failed, so progress reports this one while they run (dev.baton.checkout.SagaSteps).
ALTER TABLE payment ADD COLUMN observed_step text
    CONSTRAINT payment_observed_step_check CHECK (observed_step IN ('assess_fraud', 'authorize', 'create_order',
        'post_ledger', 'capture', 'confirm_order', 'record_outcome'));
