-- An idempotency claim is fenced by a token and leased for a short time; the command's own
-- transaction marks it 'committed' with the resource it produced (docs/security.md).
ALTER TABLE idempotency_keys
    ADD COLUMN claim_token      VARCHAR(36),
    ADD COLUMN lease_expires_at TIMESTAMPTZ,
    ADD COLUMN resource_id      VARCHAR(255);

-- claims left by an older server: expired at once, so they are resolved on the next retry
UPDATE idempotency_keys SET lease_expires_at = created_at WHERE status = 'in_progress';

-- secrets are never kept here: answers to key creations stored before are stripped of the key
UPDATE idempotency_keys
SET response_body = convert_to(
        jsonb_set(convert_from(response_body, 'UTF8')::jsonb, '{data,key}', 'null'::jsonb)::text, 'UTF8')
WHERE position(convert_to('"key":"blk_', 'UTF8') IN response_body) > 0;
