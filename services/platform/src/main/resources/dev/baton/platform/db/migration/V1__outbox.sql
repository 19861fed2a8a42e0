-- Transactional outbox: producers insert here in the same transaction as their effect; the relay publishes in
-- id order and marks rows PUBLISHED. States mirror dev.baton.platform.outbox.OutboxState.
CREATE TABLE outbox_event (
    id                bigserial PRIMARY KEY,
    event_id          text        NOT NULL UNIQUE,
    source            text        NOT NULL,
    type              text        NOT NULL,
    subject           text,
    aggregate_id      text        NOT NULL,
    time              timestamptz NOT NULL,
    data_content_type text        NOT NULL,
    data              bytea       NOT NULL,
    extensions        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    state             text        NOT NULL DEFAULT 'PENDING'
        CONSTRAINT outbox_event_state_check CHECK (state IN ('PENDING', 'PUBLISHED')),
    publish_attempts  integer     NOT NULL DEFAULT 0,
    last_error        text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    published_at      timestamptz,
    CONSTRAINT outbox_event_published_at_check CHECK ((state = 'PUBLISHED') = (published_at IS NOT NULL))
);

CREATE INDEX outbox_event_pending ON outbox_event (id) WHERE state = 'PENDING';
