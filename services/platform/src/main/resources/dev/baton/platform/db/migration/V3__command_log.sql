-- Applied commands (dev.baton.platform.command.IdempotentCommands): one row per idempotency key, written in the
-- transaction of the command's effect, holding the response a retry replays. A compensation that finds no forward
-- effect writes a COMPENSATED row under the forward key, so the forward command can never apply afterwards.
CREATE TABLE command_log (
    idempotency_key text        PRIMARY KEY,
    kind            text        NOT NULL
        CONSTRAINT command_log_kind_check CHECK (kind IN ('APPLIED', 'COMPENSATED')),
    operation       text        NOT NULL,
    request_hash    text        NOT NULL,
    response_status integer,
    response_body   text,
    forward_key     text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT command_log_response_check CHECK ((response_status IS NULL) = (response_body IS NULL))
);

-- Compensations find what they undo by the forward key they carry.
CREATE INDEX command_log_forward_key ON command_log (forward_key) WHERE forward_key IS NOT NULL;
