-- Events: dated facts of defence relationships, with their sources. Lists
-- are kept in child tables, in their order (position counts from 0).

CREATE TABLE events (
	id        TEXT PRIMARY KEY,
	date      TEXT NOT NULL,                  -- '2001', '2001-03' or '2001-03-01'
	precision TEXT NOT NULL,                  -- 'year', 'month' or 'day'
	end_date  TEXT NOT NULL DEFAULT '',       -- written like date; '' when none
	uncertain INTEGER NOT NULL DEFAULT 0 CHECK (uncertain IN (0, 1)),
	kind      TEXT NOT NULL,
	title     TEXT NOT NULL,
	summary   TEXT NOT NULL DEFAULT '',
	actor     TEXT NOT NULL DEFAULT ''        -- a third state acting on the parties
);
CREATE INDEX events_date ON events (date, id);

CREATE TABLE event_parties (
	event    TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE ON UPDATE CASCADE,
	position INTEGER NOT NULL,
	party    TEXT NOT NULL,
	PRIMARY KEY (event, position)
);
CREATE INDEX event_parties_party ON event_parties (party);

CREATE TABLE event_sources (
	event     TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE ON UPDATE CASCADE,
	position  INTEGER NOT NULL,
	title     TEXT NOT NULL,
	publisher TEXT NOT NULL,
	date      TEXT NOT NULL DEFAULT '',
	url       TEXT NOT NULL,
	accessed  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (event, position)
);

CREATE TABLE event_tags (
	event    TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE ON UPDATE CASCADE,
	position INTEGER NOT NULL,
	tag      TEXT NOT NULL,
	PRIMARY KEY (event, position)
);
CREATE INDEX event_tags_tag ON event_tags (tag);

CREATE TABLE event_deals (
	event       TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE ON UPDATE CASCADE,
	position    INTEGER NOT NULL,
	supplier    TEXT NOT NULL,
	recipient   TEXT NOT NULL,
	designation TEXT NOT NULL,
	order_year  INTEGER NOT NULL,
	PRIMARY KEY (event, position)
);
