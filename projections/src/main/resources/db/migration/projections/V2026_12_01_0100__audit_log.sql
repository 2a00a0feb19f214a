-- GET /v1/audit (docs/audit.md): one row per recorded event, with the resource as the API showed it
-- just before and just after it. Derived from the event store by the audit-log processor; a replay
-- rebuilds it. position is the event's global index, so a redelivered event changes nothing.
CREATE TABLE audit_log (
    position       BIGINT PRIMARY KEY,
    event_id       VARCHAR(255) NOT NULL UNIQUE,
    actor          VARCHAR(255) NOT NULL,
    action         VARCHAR(64)  NOT NULL,
    resource_type  VARCHAR(32)  NOT NULL,
    resource_id    VARCHAR(255) NOT NULL,
    before         JSONB,
    after          JSONB,
    request_id     VARCHAR(255),
    correlation_id VARCHAR(255),
    clock_time     TIMESTAMPTZ,
    created_at     TIMESTAMPTZ  NOT NULL
);

-- Newest first is (created_at DESC, position DESC); each filter has an index that ends in that
-- order, so a page is one index range read, stopped after page × pageSize rows.
CREATE INDEX audit_log_newest ON audit_log (created_at DESC, position DESC);
CREATE INDEX audit_log_resource ON audit_log (resource_id, created_at DESC, position DESC);
CREATE INDEX audit_log_resource_type ON audit_log (resource_type, created_at DESC, position DESC);
CREATE INDEX audit_log_actor ON audit_log (actor, created_at DESC, position DESC);
CREATE INDEX audit_log_action ON audit_log (action, created_at DESC, position DESC);
-- an actor's entries of one action (the action names its resource type): sparse, so neither
-- index above finds them without walking many others
CREATE INDEX audit_log_actor_action ON audit_log (actor, action, created_at DESC, position DESC);

-- The list's totalCount without counting a million rows: entries per calendar month (span 'm') and
-- per day (span 'd', UTC) and (type, action), once per actor and once for all actors ('*'), kept by
-- the same processor in the same transaction. A count sums the whole months inside the range, the
-- whole days at its ends, and counts rows only in the partial days at its very ends.
CREATE TABLE audit_log_counts (
    actor         VARCHAR(255) NOT NULL,
    span          CHAR(1)      NOT NULL,
    bucket        DATE         NOT NULL,
    resource_type VARCHAR(32)  NOT NULL,
    action        VARCHAR(64)  NOT NULL,
    entries       BIGINT       NOT NULL,
    PRIMARY KEY (actor, span, bucket, resource_type, action)
);
