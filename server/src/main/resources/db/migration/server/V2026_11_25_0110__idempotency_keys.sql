-- Idempotency-Key on POST requests (as Stripe's): the first response is kept and replayed.
CREATE TABLE idempotency_keys (
    api_key_id       VARCHAR(64)  NOT NULL,
    idempotency_key  VARCHAR(255) NOT NULL,
    request_hash     CHAR(64)     NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    response_status  INTEGER,
    response_body    BYTEA,
    response_type    VARCHAR(255),
    created_at       TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (api_key_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
