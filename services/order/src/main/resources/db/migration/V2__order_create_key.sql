-- The saga names an order by the Idempotency-Key of the command that created it (protocol rule 5): cancel carries it
-- as forwardKey and confirm as createOrderKey, because a timed-out create returns no order id. No order existed
-- before this migration (V1 came without an API), so the column can be required at once.
ALTER TABLE customer_order ADD COLUMN create_key text NOT NULL;
ALTER TABLE customer_order ADD CONSTRAINT customer_order_create_key_key UNIQUE (create_key);

-- GET /v1/orders?customerId=...[&state=...], newest first.
CREATE INDEX customer_order_customer ON customer_order (customer_id, created_at DESC);
-- GET /v1/orders?state=..., newest first (the other filters are unique or indexed above).
CREATE INDEX customer_order_state ON customer_order (state, created_at DESC);
