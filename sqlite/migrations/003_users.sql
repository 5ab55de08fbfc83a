-- Users of the web app, their sessions and their API tokens. Only the
-- SHA-256 of a session or API token is kept, never the token itself.

CREATE TABLE users (
	name          TEXT PRIMARY KEY,
	role          TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
	password_hash TEXT NOT NULL,              -- bcrypt
	created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
	token_sha256 TEXT PRIMARY KEY,
	user         TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE ON UPDATE CASCADE,
	created_at   TEXT NOT NULL,
	expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_user ON sessions (user);

CREATE TABLE tokens (
	token_sha256 TEXT PRIMARY KEY,
	user         TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE ON UPDATE CASCADE,
	label        TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL
);
CREATE INDEX tokens_user ON tokens (user);
