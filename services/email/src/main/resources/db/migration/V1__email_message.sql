-- Mail to send, written in the inbox transaction of the event that causes it and sent afterwards by MailSender,
-- so a crash can neither lose a mail nor (short of SMTP accepting and the commit failing) send it twice.
-- States mirror dev.baton.email.EmailState.
CREATE TABLE email_message (
    id              bigserial   PRIMARY KEY,
    event_source    text        NOT NULL,
    event_id        text        NOT NULL,
    kind            text        NOT NULL
        CONSTRAINT email_message_kind_check CHECK (kind IN ('RECEIPT', 'PAYMENT_FAILED', 'REFUND')),
    recipient       text        NOT NULL,
    subject         text        NOT NULL,
    text_body       text        NOT NULL,
    html_body       text        NOT NULL,
    state           text        NOT NULL DEFAULT 'QUEUED'
        CONSTRAINT email_message_state_check CHECK (state IN ('QUEUED', 'SENT', 'FAILED')),
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    UNIQUE (event_source, event_id),
    CONSTRAINT email_message_sent_at_check CHECK ((state = 'SENT') = (sent_at IS NOT NULL))
);

CREATE INDEX email_message_due ON email_message (next_attempt_at, id) WHERE state = 'QUEUED';
