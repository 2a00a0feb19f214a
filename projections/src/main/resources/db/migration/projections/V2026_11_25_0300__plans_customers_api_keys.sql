-- Read tables. They are derived from the event store and can be dropped and rebuilt by replay.
CREATE TABLE plan_catalog (
    id                VARCHAR(64)  PRIMARY KEY,
    name              VARCHAR(100) NOT NULL,
    description       VARCHAR(500),
    pricing_model     VARCHAR(20)  NOT NULL,
    amount_cents      BIGINT       NOT NULL,
    currency          CHAR(3)      NOT NULL,
    billing_interval  VARCHAR(10)  NOT NULL,
    trial_period_days INTEGER      NOT NULL,
    status            VARCHAR(20)  NOT NULL,
    metadata          JSONB        NOT NULL DEFAULT '{}',
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL,
    version           BIGINT       NOT NULL
);
CREATE INDEX plan_catalog_status_created ON plan_catalog (status, created_at DESC);

CREATE TABLE customer_directory (
    id                 VARCHAR(64)  PRIMARY KEY,
    email              VARCHAR(255) NOT NULL,
    name               VARCHAR(200) NOT NULL,
    stripe_customer_id VARCHAR(255),
    test_clock_id      VARCHAR(64),
    metadata           JSONB        NOT NULL DEFAULT '{}',
    created_at         TIMESTAMPTZ  NOT NULL,
    updated_at         TIMESTAMPTZ  NOT NULL,
    version            BIGINT       NOT NULL
);
CREATE INDEX customer_directory_email ON customer_directory (lower(email));
CREATE INDEX customer_directory_created ON customer_directory (created_at DESC);

CREATE TABLE api_key_directory (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    key_prefix  VARCHAR(16)  NOT NULL,
    scopes      VARCHAR(200) NOT NULL,
    expires_at  TIMESTAMPTZ,
    created_at  TIMESTAMPTZ  NOT NULL,
    revoked_at  TIMESTAMPTZ,
    version     BIGINT       NOT NULL
);
