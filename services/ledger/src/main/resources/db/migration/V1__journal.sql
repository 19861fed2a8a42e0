-- Double-entry journal (dev.baton.ledger). Entries are never updated or deleted: a mistake or a failed payment is
-- undone by a reversal, a new entry with every line's side swapped. Every entry balances per currency (debits =
-- credits), checked by a constraint trigger at commit, so no transaction can leave an unbalanced entry behind.

-- The chart of accounts. Which accounts a sale posts to is configuration (dev.baton.ledger.config.LedgerConfig),
-- checked against this table at start. Codes are <class>:<name>.
CREATE TABLE account (
    code       text        PRIMARY KEY
        CONSTRAINT account_code_check CHECK (code ~ '^[a-z]+(:[a-z0-9-]+)+$'),
    name       text        NOT NULL,
    type       text        NOT NULL
        CONSTRAINT account_type_check CHECK (type IN ('ASSET', 'LIABILITY', 'EQUITY', 'REVENUE', 'EXPENSE')),
    created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO account (code, name, type) VALUES
    -- Captured card payments the gateway owes us until it settles them to the bank.
    ('receivable:gateway', 'Receivable from the payment gateway', 'ASSET'),
    -- What customers bought.
    ('revenue:sales', 'Sales revenue', 'REVENUE');

-- One journal entry. kind mirrors dev.baton.ledger.EntryKind. command_key is the Idempotency-Key of the command
-- that posted the entry: a reversal finds its sale by the forward key it carries.
CREATE TABLE journal_entry (
    id          uuid        PRIMARY KEY,
    kind        text        NOT NULL
        CONSTRAINT journal_entry_kind_check CHECK (kind IN ('SALE', 'REVERSAL')),
    payment_id  text        NOT NULL,
    customer_id text        NOT NULL,
    description text        NOT NULL,
    command_key text        NOT NULL
        CONSTRAINT journal_entry_command_key_key UNIQUE,
    -- An entry is reversed at most once.
    reverses    uuid
        CONSTRAINT journal_entry_reverses_key UNIQUE
        CONSTRAINT journal_entry_reverses_fkey REFERENCES journal_entry (id),
    reason      text,
    posted_at   timestamptz NOT NULL,
    CONSTRAINT journal_entry_reversal_check
        CHECK ((kind = 'REVERSAL') = (reverses IS NOT NULL) AND (kind = 'REVERSAL') = (reason IS NOT NULL))
);

-- One sale per payment: a second post for the same payment under another key is refused.
CREATE UNIQUE INDEX journal_entry_sale_per_payment ON journal_entry (payment_id) WHERE kind = 'SALE';
CREATE INDEX journal_entry_payment ON journal_entry (payment_id, posted_at);

-- The lines of an entry: a positive amount on one side of one account. signed_minor (debit +, credit -) is what
-- the balance checks sum.
CREATE TABLE journal_line (
    entry_id     uuid    NOT NULL
        CONSTRAINT journal_line_entry_fkey REFERENCES journal_entry (id),
    line_no      integer NOT NULL CHECK (line_no >= 1),
    account_code text    NOT NULL
        CONSTRAINT journal_line_account_fkey REFERENCES account (code),
    side         text    NOT NULL
        CONSTRAINT journal_line_side_check CHECK (side IN ('DEBIT', 'CREDIT')),
    amount_minor bigint  NOT NULL
        CONSTRAINT journal_line_amount_check CHECK (amount_minor > 0),
    currency     char(3) NOT NULL
        CONSTRAINT journal_line_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
    signed_minor bigint  NOT NULL
        GENERATED ALWAYS AS (CASE side WHEN 'DEBIT' THEN amount_minor ELSE -amount_minor END) STORED,
    PRIMARY KEY (entry_id, line_no)
);

CREATE INDEX journal_line_account ON journal_line (account_code, currency);

-- At commit, each entry touched must have at least two lines and sum to zero per currency. Deferred, so the entry
-- and its lines can be inserted one statement at a time inside the transaction.
CREATE FUNCTION journal_entry_check_balanced(entry uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    line_count integer;
    unbalanced text;
BEGIN
    SELECT count(*) INTO line_count FROM journal_line WHERE entry_id = entry;
    IF line_count < 2 AND EXISTS (SELECT 1 FROM journal_entry WHERE id = entry) THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced',
            MESSAGE = format('journal entry %s has %s line(s); an entry needs at least two', entry, line_count);
    END IF;
    SELECT string_agg(currency || ' ' || net, ', ' ORDER BY currency) INTO unbalanced
    FROM (SELECT currency, sum(signed_minor) AS net FROM journal_line WHERE entry_id = entry
          GROUP BY currency HAVING sum(signed_minor) <> 0) AS t;
    IF unbalanced IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced',
            MESSAGE = format('journal entry %s does not balance: debits minus credits are %s', entry, unbalanced);
    END IF;
END
$$;

CREATE FUNCTION journal_line_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM journal_entry_check_balanced(OLD.entry_id);
    ELSE
        PERFORM journal_entry_check_balanced(NEW.entry_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION journal_entry_has_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM journal_entry_check_balanced(NEW.id);
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER journal_line_balanced
    AFTER INSERT OR UPDATE OR DELETE ON journal_line
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION journal_line_balanced();

CREATE CONSTRAINT TRIGGER journal_entry_has_lines
    AFTER INSERT ON journal_entry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION journal_entry_has_lines();

-- The journal is append-only: corrections are reversals, never edits.
CREATE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'restrict_violation',
        MESSAGE = format('the journal is append-only: %s on %s refused (post a reversal instead)', TG_OP, TG_TABLE_NAME);
END
$$;

CREATE TRIGGER journal_entry_append_only BEFORE UPDATE OR DELETE ON journal_entry
    FOR EACH ROW EXECUTE FUNCTION journal_append_only();
CREATE TRIGGER journal_line_append_only BEFORE UPDATE OR DELETE ON journal_line
    FOR EACH ROW EXECUTE FUNCTION journal_append_only();
CREATE TRIGGER journal_entry_no_truncate BEFORE TRUNCATE ON journal_entry
    FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only();
CREATE TRIGGER journal_line_no_truncate BEFORE TRUNCATE ON journal_line
    FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only();
