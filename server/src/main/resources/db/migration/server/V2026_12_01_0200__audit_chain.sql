-- The tamper-evident seal over the event store (docs/audit.md, "Tamper evidence"): one link per
-- committed event, in global order, hash = SHA-256(previous link's hash || canonical bytes of the
-- event row). Written only by the sealer (AuditChainSealer), never updated: append-only like the
-- event store itself, with the same triggers (RuntimeRoleGrants then gives the runtime role only
-- SELECT and INSERT on it, because its triggers call reject_event_store_change()).
CREATE TABLE audit_chain (
    -- the sealed event's global_index (gaps of the event store are not links)
    position   BIGINT      NOT NULL,
    -- SHA-256 over the previous link's hash and this event's canonical bytes
    hash       BYTEA       NOT NULL,
    sealed_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (position),
    CONSTRAINT audit_chain_hash_length CHECK (octet_length(hash) = 32)
);

CREATE TRIGGER audit_chain_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION reject_event_store_change();

CREATE TRIGGER audit_chain_no_truncate
    BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION reject_event_store_change();

-- fire also under session_replication_role = replica (as the event store's, V2026_11_30_0410)
ALTER TABLE audit_chain ENABLE ALWAYS TRIGGER audit_chain_no_update_or_delete;
ALTER TABLE audit_chain ENABLE ALWAYS TRIGGER audit_chain_no_truncate;

REVOKE UPDATE, DELETE, TRUNCATE ON audit_chain FROM PUBLIC;
