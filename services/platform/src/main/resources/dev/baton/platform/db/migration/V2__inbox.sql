-- Inbox: one row per consumed CloudEvent (source + id). States mirror dev.baton.platform.inbox.InboxState.
CREATE TABLE inbox_message (
    source        text        NOT NULL,
    event_id      text        NOT NULL,
    type          text        NOT NULL,
    state         text        NOT NULL
        CONSTRAINT inbox_message_state_check CHECK (state IN ('FAILING', 'PROCESSED', 'DEAD')),
    attempts      integer     NOT NULL DEFAULT 0,
    last_error    text,
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    processed_at  timestamptz,
    PRIMARY KEY (source, event_id),
    CONSTRAINT inbox_message_processed_at_check CHECK ((state = 'PROCESSED') = (processed_at IS NOT NULL))
);

-- Dead letters: the message exactly as received, why it was given up on, and whether it was replayed.
-- States mirror dev.baton.platform.inbox.DeadLetterState.
CREATE TABLE dead_letter (
    id           bigserial PRIMARY KEY,
    source       text,
    event_id     text,
    type         text,
    reason       text        NOT NULL,
    transport    text        NOT NULL CONSTRAINT dead_letter_transport_check CHECK (transport IN ('RABBITMQ', 'HTTP')),
    headers      jsonb       NOT NULL,
    content_type text,
    body         bytea       NOT NULL,
    state        text        NOT NULL DEFAULT 'DEAD'
        CONSTRAINT dead_letter_state_check CHECK (state IN ('DEAD', 'REPLAYED')),
    dead_at      timestamptz NOT NULL DEFAULT now(),
    replayed_at  timestamptz,
    CONSTRAINT dead_letter_replayed_at_check CHECK ((state = 'REPLAYED') = (replayed_at IS NOT NULL))
);

CREATE INDEX dead_letter_dead ON dead_letter (id) WHERE state = 'DEAD';
