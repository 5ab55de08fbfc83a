-- Groups of states that users define (armsflow's own, NATO, the EU and
-- the like, are built into the program): a name, and each member with the
-- years it belonged. A query that names the group counts each member only
-- for those years.
CREATE TABLE groups (
	name       TEXT PRIMARY KEY CHECK (trim(name) <> ''),
	about      TEXT NOT NULL DEFAULT '',
	source     TEXT NOT NULL DEFAULT '',
	-- JSON array of other names: ["V4"]
	aliases    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases)),
	created_at TEXT NOT NULL
);

-- One row per stay of a member: from its year of accession (which counts
-- whole) to the last year it belonged; 0 is open (always, or still).
CREATE TABLE group_members (
	grp       TEXT NOT NULL REFERENCES groups (name) ON DELETE CASCADE,
	member    TEXT NOT NULL CHECK (trim(member) <> ''),
	from_year INTEGER NOT NULL DEFAULT 0 CHECK (from_year >= 0),
	to_year   INTEGER NOT NULL DEFAULT 0 CHECK (to_year = 0 OR to_year >= from_year)
);
CREATE INDEX group_members_grp ON group_members (grp);
