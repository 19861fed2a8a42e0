-- The simulated provider's books: authorizations, their captures and refunds. Money is bigint minor units with an
-- ISO 4217 code; every row also names the command (idempotency key) that created it, so compensations find what to
-- undo by the forward key they carry. Card numbers are never stored: payment methods are tokens.

-- One row per authorize command. State mirrors dev.baton.gateway.AuthorizationState (diagram there); every
-- transition is an UPDATE ... WHERE state = <expected>. captured_minor and refunded_minor are running totals kept
-- on this row (the one row a capture or refund locks), so the limits are CHECKs, not application arithmetic alone.
CREATE TABLE payment_authorization (
    id                   uuid        PRIMARY KEY,
    authorize_key        text        NOT NULL UNIQUE,
    payment_id           text        NOT NULL,
    customer_id          text        NOT NULL,
    amount_minor         bigint      NOT NULL CONSTRAINT payment_authorization_amount_check CHECK (amount_minor > 0),
    currency             text        NOT NULL CONSTRAINT payment_authorization_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
    payment_method_token text        NOT NULL,
    state                text        NOT NULL
        CONSTRAINT payment_authorization_state_check CHECK (state IN
            ('AUTHORIZED', 'DECLINED', 'VOIDED', 'CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED')),
    decline_code         text,
    captured_minor       bigint      NOT NULL DEFAULT 0,
    refunded_minor       bigint      NOT NULL DEFAULT 0,
    void_reason          text,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    CONSTRAINT payment_authorization_decline_check CHECK ((state = 'DECLINED') = (decline_code IS NOT NULL)),
    CONSTRAINT payment_authorization_captured_check CHECK (
        captured_minor >= 0 AND captured_minor <= amount_minor
        AND (captured_minor > 0) = (state IN ('CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED'))),
    CONSTRAINT payment_authorization_refunded_check CHECK (
        refunded_minor >= 0 AND refunded_minor <= captured_minor
        AND (state <> 'CAPTURED' OR refunded_minor = 0)
        AND (state <> 'PARTIALLY_REFUNDED' OR (refunded_minor > 0 AND refunded_minor < captured_minor))
        AND (state <> 'REFUNDED' OR refunded_minor = captured_minor))
);

CREATE INDEX payment_authorization_payment ON payment_authorization (payment_id, created_at);

-- One capture per authorization (a capture moves it from AUTHORIZED, once); at most the authorized amount.
CREATE TABLE payment_capture (
    id               uuid        PRIMARY KEY,
    capture_key      text        NOT NULL UNIQUE,
    authorization_id uuid        NOT NULL UNIQUE REFERENCES payment_authorization (id),
    payment_id       text        NOT NULL,
    amount_minor     bigint      NOT NULL CONSTRAINT payment_capture_amount_check CHECK (amount_minor > 0),
    currency         text        NOT NULL,
    created_at       timestamptz NOT NULL
);

CREATE INDEX payment_capture_payment ON payment_capture (payment_id, created_at);

-- Refunds of a capture, partial or full; their sum never exceeds the capture (payment_authorization.refunded_minor).
CREATE TABLE payment_refund (
    id               uuid        PRIMARY KEY,
    refund_key       text        NOT NULL UNIQUE,
    capture_id       uuid        NOT NULL REFERENCES payment_capture (id),
    authorization_id uuid        NOT NULL REFERENCES payment_authorization (id),
    payment_id       text        NOT NULL,
    order_id         text        NOT NULL,
    amount_minor     bigint      NOT NULL CONSTRAINT payment_refund_amount_check CHECK (amount_minor > 0),
    currency         text        NOT NULL,
    reason           text        NOT NULL,
    created_at       timestamptz NOT NULL
);

CREATE INDEX payment_refund_payment ON payment_refund (payment_id, created_at);
