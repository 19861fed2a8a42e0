-- The execution of payment-abort that checkout's reconciler started to run a saga's compensations, when the saga's
-- execution ended without running them (an operator cancelled it, or an error escaped it). Written once, while
-- PROCESSING; the payment is settled from that execution's result (dev.baton.checkout.service.SagaReconciler).
ALTER TABLE payment ADD COLUMN abort_execution_name text;

ALTER TABLE payment ADD CONSTRAINT payment_abort_check
    CHECK (abort_execution_name IS NULL OR execution_name IS NOT NULL);
