-- Orders and their state machine (dev.baton.order.OrderState): PENDING -> CONFIRMED | CANCELLED.
CREATE TABLE customer_order (
    id             uuid        PRIMARY KEY,
    payment_id     text        NOT NULL UNIQUE,
    customer_id    text        NOT NULL,
    customer_email text        NOT NULL,
    amount_minor   bigint      NOT NULL CHECK (amount_minor >= 0),
    currency       char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    line_items     jsonb       NOT NULL,
    state          text        NOT NULL
        CONSTRAINT customer_order_state_check CHECK (state IN ('PENDING', 'CONFIRMED', 'CANCELLED')),
    cancel_reason  text,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    CONSTRAINT customer_order_cancel_reason_check CHECK ((state = 'CANCELLED') = (cancel_reason IS NOT NULL))
);
