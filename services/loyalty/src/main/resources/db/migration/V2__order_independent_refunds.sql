-- Order-independent consumption. order (confirmed, cancelled) and payment-gateway (refunded) publish through separate
-- outboxes and relays, so a refund may arrive before its order's confirmation, or for an order that is never
-- confirmed (the payment saga captured, failed to confirm, refunded and cancelled). An order_points row is now made
-- by whichever event comes first; amount, currency and points are known only once it is confirmed.
-- States mirror dev.baton.loyalty.OrderPointsState.
ALTER TABLE order_points
    ALTER COLUMN amount_minor DROP NOT NULL,
    ALTER COLUMN currency DROP NOT NULL,
    ALTER COLUMN earned DROP NOT NULL,
    ALTER COLUMN earned_at DROP NOT NULL,
    ALTER COLUMN state DROP DEFAULT,
    ADD COLUMN cancelled_at timestamptz,
    DROP CONSTRAINT order_points_state_check,
    DROP CONSTRAINT order_points_reversed_check;

ALTER TABLE order_points
    ADD CONSTRAINT order_points_state_check
        CHECK (state IN ('AWAITING_CONFIRMATION', 'EARNED', 'PARTIALLY_REVERSED', 'REVERSED', 'CANCELLED')),
    ADD CONSTRAINT order_points_confirmed_check CHECK (
        (state IN ('EARNED', 'PARTIALLY_REVERSED', 'REVERSED'))
        = (amount_minor IS NOT NULL AND currency IS NOT NULL AND earned IS NOT NULL AND earned_at IS NOT NULL)),
    ADD CONSTRAINT order_points_cancelled_check CHECK ((state = 'CANCELLED') = (cancelled_at IS NOT NULL)),
    ADD CONSTRAINT order_points_reversed_check CHECK (
        (state IN ('AWAITING_CONFIRMATION', 'CANCELLED') AND refunded_minor = 0 AND reversed = 0)
        OR (state = 'EARNED' AND refunded_minor = 0)
        OR (state = 'PARTIALLY_REVERSED' AND refunded_minor > 0 AND refunded_minor < amount_minor)
        OR (state = 'REVERSED' AND refunded_minor = amount_minor AND reversed = earned));

-- Every refund loyalty received, once per refund id, and what it did. States mirror dev.baton.loyalty.RefundState.
-- Refunds applied before this migration have no row here; their points_entry rows (unique per refund id) still
-- keep them from applying twice.
CREATE TABLE order_refund (
    refund_id    text        PRIMARY KEY,
    order_id     text        NOT NULL REFERENCES order_points (order_id),
    customer_id  text        NOT NULL,
    amount_minor bigint      NOT NULL CHECK (amount_minor >= 0),
    currency     text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    state        text        NOT NULL
        CONSTRAINT order_refund_state_check CHECK (state IN ('PENDING', 'APPLIED', 'CLOSED')),
    -- The refund event's time; settled_at: when it was applied or closed (the event that settled it).
    refunded_at  timestamptz NOT NULL,
    settled_at   timestamptz,
    note         text,
    CONSTRAINT order_refund_settled_check CHECK ((state = 'PENDING') = (settled_at IS NULL))
);

CREATE INDEX order_refund_by_order ON order_refund (order_id, refunded_at, refund_id);
