-- Points per confirmed order. States mirror dev.baton.loyalty.OrderPointsState.
CREATE TABLE order_points (
    order_id       text        PRIMARY KEY,
    customer_id    text        NOT NULL,
    amount_minor   bigint      NOT NULL CHECK (amount_minor >= 0),
    currency       text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    earned         bigint      NOT NULL CHECK (earned >= 0),
    refunded_minor bigint      NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0 AND refunded_minor <= amount_minor),
    reversed       bigint      NOT NULL DEFAULT 0 CHECK (reversed >= 0 AND reversed <= earned),
    state          text        NOT NULL DEFAULT 'EARNED'
        CONSTRAINT order_points_state_check CHECK (state IN ('EARNED', 'PARTIALLY_REVERSED', 'REVERSED')),
    earned_at      timestamptz NOT NULL,
    CONSTRAINT order_points_reversed_check CHECK (
        (state = 'EARNED' AND refunded_minor = 0)
        OR (state = 'PARTIALLY_REVERSED' AND refunded_minor > 0 AND refunded_minor < amount_minor)
        OR (state = 'REVERSED' AND refunded_minor = amount_minor AND reversed = earned))
);

-- Every change of a balance, as history. reference: the order id (EARNED) or the refund id (REVERSED), unique per
-- kind so a fact can change a balance at most once even if the inbox were bypassed.
CREATE TABLE points_entry (
    id          bigserial   PRIMARY KEY,
    customer_id text        NOT NULL,
    order_id    text        NOT NULL REFERENCES order_points (order_id),
    kind        text        NOT NULL CONSTRAINT points_entry_kind_check CHECK (kind IN ('EARNED', 'REVERSED')),
    reference   text        NOT NULL,
    points      bigint      NOT NULL,
    occurred_at timestamptz NOT NULL,
    UNIQUE (kind, reference),
    CONSTRAINT points_entry_sign_check CHECK ((kind = 'EARNED' AND points >= 0) OR (kind = 'REVERSED' AND points <= 0))
);

CREATE INDEX points_entry_customer ON points_entry (customer_id, id);

CREATE TABLE points_account (
    customer_id text        PRIMARY KEY,
    balance     bigint      NOT NULL,
    updated_at  timestamptz NOT NULL
);
