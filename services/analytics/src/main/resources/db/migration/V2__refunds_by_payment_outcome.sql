-- Refunds are no longer added to revenue buckets when they arrive: whether a refund reduces revenue depends on its
-- payment's outcome (a refund of a FAILED payment is a saga compensation and never was revenue), and the outcome may
-- arrive after the refund. The revenue and summary queries classify each refund against payment_outcome when they
-- run (dev.baton.analytics.RefundKind), so revenue_bucket holds captures only; refund holds every refund.
ALTER TABLE revenue_bucket
    DROP COLUMN refunded_minor,
    DROP COLUMN refunds;

ALTER TABLE refund
    ADD CONSTRAINT refund_currency_check CHECK (currency ~ '^[A-Z]{3}$');

CREATE INDEX refund_time ON refund (refunded_at);
CREATE INDEX refund_payment ON refund (payment_id);
