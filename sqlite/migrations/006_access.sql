-- Access that can be taken back: API tokens expire. A token made before
-- expiry existed gets the default lifetime (90 days) from the upgrade, so
-- that no token lives for ever. 'armsflow tokens list' shows each token by
-- the first 12 hex digits of its SHA-256, its id for 'armsflow tokens revoke'.

ALTER TABLE tokens ADD COLUMN expires_at TEXT NOT NULL DEFAULT '';
UPDATE tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%S', 'now', '+90 days') || '.000000000Z';
CREATE INDEX tokens_expires ON tokens (expires_at);
