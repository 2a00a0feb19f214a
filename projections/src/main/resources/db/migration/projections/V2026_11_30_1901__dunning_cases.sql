-- Read tables of dunning (issue 12): the seed's DunningState and each case's retries. Rebuilt by replay.
CREATE TABLE dunning_cases (
    id                 VARCHAR(64)  PRIMARY KEY,
    invoice_id         VARCHAR(64)  NOT NULL UNIQUE,
    subscription_id    VARCHAR(64),
    customer_id        VARCHAR(64),
    status             VARCHAR(20)  NOT NULL,
    retry_count        INTEGER      NOT NULL DEFAULT 0,
    max_retries        INTEGER      NOT NULL,
    next_retry_at      TIMESTAMPTZ,
    current_action     VARCHAR(20)  NOT NULL,
    last_failure_code  VARCHAR(100),
    last_decline_code  VARCHAR(100),
    last_failure_kind  VARCHAR(20),
    escalation_paused  BOOLEAN      NOT NULL DEFAULT FALSE,
    retry_in_flight    BOOLEAN      NOT NULL DEFAULT FALSE,
    resolved_at        TIMESTAMPTZ,
    resolution         VARCHAR(20),
    resolution_reason  VARCHAR(500),
    created_at         TIMESTAMPTZ  NOT NULL,
    updated_at         TIMESTAMPTZ  NOT NULL,
    version            BIGINT       NOT NULL
);
CREATE INDEX dunning_cases_by_created ON dunning_cases (created_at DESC, id);
CREATE INDEX dunning_cases_by_subscription ON dunning_cases (subscription_id);
CREATE INDEX dunning_cases_by_customer ON dunning_cases (customer_id);

CREATE TABLE dunning_attempts (
    dunning_id    VARCHAR(64)  NOT NULL,
    retry_number  INTEGER      NOT NULL,
    attempted_at  TIMESTAMPTZ  NOT NULL,
    trigger       VARCHAR(20)  NOT NULL,
    outcome       VARCHAR(20)  NOT NULL,
    payment_id    VARCHAR(64),
    failure_code  VARCHAR(100),
    decline_code  VARCHAR(100),
    failure_kind  VARCHAR(20),
    PRIMARY KEY (dunning_id, retry_number)
);
