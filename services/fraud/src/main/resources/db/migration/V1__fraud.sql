-- Risk assessments and block lists. Velocity rules count stored assessments (attempts, whatever their verdict), so
-- every assessment is kept with what it was judged on; card data never: payment methods are tokens.

-- One row per assess command (its Idempotency-Key). Verdict mirrors dev.baton.fraud.Verdict; an assessment is a
-- fact and never changes, so there is no state machine: a new assessment is a new row.
CREATE TABLE fraud_assessment (
    id                   uuid        PRIMARY KEY,
    assessment_key       text        NOT NULL UNIQUE,
    payment_id           text        NOT NULL,
    customer_id          text        NOT NULL,
    customer_email       text,
    amount_minor         bigint      NOT NULL CONSTRAINT fraud_assessment_amount_check CHECK (amount_minor > 0),
    currency             text        NOT NULL CONSTRAINT fraud_assessment_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
    payment_method_token text        NOT NULL,
    billing_country      text        CONSTRAINT fraud_assessment_billing_country_check CHECK (billing_country ~ '^[A-Z]{2}$'),
    ip_country           text        CONSTRAINT fraud_assessment_ip_country_check CHECK (ip_country ~ '^[A-Z]{2}$'),
    verdict              text        NOT NULL
        CONSTRAINT fraud_assessment_verdict_check CHECK (verdict IN ('APPROVE', 'REVIEW', 'REJECT')),
    score                integer     NOT NULL CONSTRAINT fraud_assessment_score_check CHECK (score BETWEEN 0 AND 100),
    reasons              jsonb       NOT NULL,
    assessed_at          timestamptz NOT NULL,
    -- No reason, no risk: APPROVE exactly when no rule fired.
    CONSTRAINT fraud_assessment_reasons_check CHECK ((verdict = 'APPROVE') = (jsonb_array_length(reasons) = 0))
);

-- Velocity: per customer and per token within a time window.
CREATE INDEX fraud_assessment_customer ON fraud_assessment (customer_id, assessed_at);
CREATE INDEX fraud_assessment_token ON fraud_assessment (payment_method_token, assessed_at);
CREATE INDEX fraud_assessment_payment ON fraud_assessment (payment_id, assessed_at);

-- Block lists, one row per (kind, value); values are stored normalised (countries and domains in canonical case).
-- Source CONFIG rows are seeded from baton.fraud.blocklist.* at start; API rows are managed at /v1/blocklist.
CREATE TABLE fraud_blocklist_entry (
    kind       text        NOT NULL
        CONSTRAINT fraud_blocklist_entry_kind_check CHECK (kind IN ('CUSTOMER', 'TOKEN', 'EMAIL_DOMAIN', 'COUNTRY')),
    value      text        NOT NULL,
    reason     text,
    source     text        NOT NULL CONSTRAINT fraud_blocklist_entry_source_check CHECK (source IN ('CONFIG', 'API')),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (kind, value)
);
