-- Datasets: imported SIPRI sources with their provenance, and their content.
--
-- The relational tables are the readable truth: every record of every
-- imported file, one row each, queryable with any SQLite tool. Each row says
-- which dataset and which file (dataset_files.id) it came from; deleting a
-- dataset deletes its files and all their rows.

-- library_version is a counter bumped by every write of a dataset or an event,
-- so that a long-running reader knows when to reload.
CREATE TABLE library_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);
INSERT INTO library_version (id, version) VALUES (1, 0);

CREATE TABLE datasets (
	name        TEXT PRIMARY KEY,             -- e.g. 'tiv-2022-04-22'
	kind        TEXT NOT NULL,                -- 'tiv', 'register' or 'long'
	generated   TEXT NOT NULL DEFAULT '',     -- SIPRI's generated date, YYYY-MM-DD
	sha256      TEXT NOT NULL,                -- over the sorted digests of its files joined by '\n'
	records     INTEGER NOT NULL,
	imported_at TEXT NOT NULL,                -- UTC, 2006-01-02T15:04:05.000000000Z
	scope       TEXT NOT NULL DEFAULT ''      -- e.g. 'deliveries 1950-2025'
);

CREATE TABLE dataset_files (
	id      INTEGER PRIMARY KEY,
	dataset TEXT NOT NULL REFERENCES datasets (name) ON DELETE CASCADE,
	name    TEXT NOT NULL,                    -- base name as imported
	sha256  TEXT NOT NULL,                    -- hex digest of the file's bytes
	bytes   INTEGER NOT NULL,
	records INTEGER NOT NULL,
	subject TEXT NOT NULL DEFAULT '',         -- e.g. the TIV table's recipient, 'all' for the world table
	UNIQUE (dataset, sha256),
	UNIQUE (dataset, id)
);
CREATE INDEX dataset_files_subject ON dataset_files (dataset, subject);

-- Yearly TIV from one supplier to one recipient. No row means no deliveries;
-- a tiv of 0 means deliveries of less than 0.5 million TIV.
CREATE TABLE flows (
	dataset   TEXT NOT NULL,
	file      INTEGER NOT NULL,
	supplier  TEXT NOT NULL,
	recipient TEXT NOT NULL,
	year      INTEGER NOT NULL,
	tiv       REAL NOT NULL CHECK (tiv >= 0),
	FOREIGN KEY (dataset, file) REFERENCES dataset_files (dataset, id) ON DELETE CASCADE
);
CREATE INDEX flows_file ON flows (dataset, file);
CREATE INDEX flows_pair ON flows (dataset, recipient, supplier, year);

-- The world table's rows: each importer's yearly TIV from all suppliers.
CREATE TABLE world_imports (
	dataset   TEXT NOT NULL,
	file      INTEGER NOT NULL,
	recipient TEXT NOT NULL,
	year      INTEGER NOT NULL,
	tiv       REAL NOT NULL CHECK (tiv >= 0),
	FOREIGN KEY (dataset, file) REFERENCES dataset_files (dataset, id) ON DELETE CASCADE
);
CREATE INDEX world_imports_file ON world_imports (dataset, file);

-- One country's imports or exports of one weapon category in one year.
CREATE TABLE category_flows (
	dataset  TEXT NOT NULL,
	file     INTEGER NOT NULL,
	side     TEXT NOT NULL CHECK (side IN ('import', 'export')),
	country  TEXT NOT NULL,
	category TEXT NOT NULL,
	year     INTEGER NOT NULL,
	tiv      REAL NOT NULL CHECK (tiv >= 0),
	FOREIGN KEY (dataset, file) REFERENCES dataset_files (dataset, id) ON DELETE CASCADE
);
CREATE INDEX category_flows_file ON category_flows (dataset, file);

-- Trade-register records. NULL numbers are unknown, never zero; each
-- *_uncertain column is 1 where SIPRI put a '?' beside the field.
CREATE TABLE deals (
	dataset              TEXT NOT NULL,
	file                 INTEGER NOT NULL,
	line                 INTEGER NOT NULL,    -- physical line of the record's start in its file
	recipient            TEXT NOT NULL,
	supplier             TEXT NOT NULL,
	order_year           INTEGER,
	order_year_uncertain INTEGER NOT NULL DEFAULT 0 CHECK (order_year_uncertain IN (0, 1)),
	ordered              INTEGER,
	ordered_uncertain    INTEGER NOT NULL DEFAULT 0 CHECK (ordered_uncertain IN (0, 1)),
	designation          TEXT NOT NULL,
	description          TEXT NOT NULL,
	delivered            INTEGER,
	delivered_uncertain  INTEGER NOT NULL DEFAULT 0 CHECK (delivered_uncertain IN (0, 1)),
	delivery_years       TEXT NOT NULL DEFAULT '',  -- as SIPRI writes them: '2018; 2019'
	status               TEXT NOT NULL,
	comments             TEXT NOT NULL,
	tiv_unit             REAL,
	tiv_total            REAL,
	tiv_delivered        REAL,
	FOREIGN KEY (dataset, file) REFERENCES dataset_files (dataset, id) ON DELETE CASCADE
);
CREATE INDEX deals_file ON deals (dataset, file);
CREATE INDEX deals_pair ON deals (dataset, recipient, supplier);

-- dataset_packs holds a compact binary copy of each dataset's content, which
-- armsflow reads instead of the tables above because it loads many times
-- faster. It is only a cache: the triggers below drop a dataset's pack as soon
-- as any of its rows changes, whoever changes it, and armsflow then reads the
-- tables.
CREATE TABLE dataset_packs (
	dataset TEXT PRIMARY KEY REFERENCES datasets (name) ON DELETE CASCADE,
	format  INTEGER NOT NULL,
	data    BLOB NOT NULL
);

CREATE TRIGGER flows_insert_unpack AFTER INSERT ON flows BEGIN
	DELETE FROM dataset_packs WHERE dataset = NEW.dataset;
END;
CREATE TRIGGER flows_update_unpack AFTER UPDATE ON flows BEGIN
	DELETE FROM dataset_packs WHERE dataset IN (OLD.dataset, NEW.dataset);
END;
CREATE TRIGGER flows_delete_unpack AFTER DELETE ON flows BEGIN
	DELETE FROM dataset_packs WHERE dataset = OLD.dataset;
END;

CREATE TRIGGER world_imports_insert_unpack AFTER INSERT ON world_imports BEGIN
	DELETE FROM dataset_packs WHERE dataset = NEW.dataset;
END;
CREATE TRIGGER world_imports_update_unpack AFTER UPDATE ON world_imports BEGIN
	DELETE FROM dataset_packs WHERE dataset IN (OLD.dataset, NEW.dataset);
END;
CREATE TRIGGER world_imports_delete_unpack AFTER DELETE ON world_imports BEGIN
	DELETE FROM dataset_packs WHERE dataset = OLD.dataset;
END;

CREATE TRIGGER category_flows_insert_unpack AFTER INSERT ON category_flows BEGIN
	DELETE FROM dataset_packs WHERE dataset = NEW.dataset;
END;
CREATE TRIGGER category_flows_update_unpack AFTER UPDATE ON category_flows BEGIN
	DELETE FROM dataset_packs WHERE dataset IN (OLD.dataset, NEW.dataset);
END;
CREATE TRIGGER category_flows_delete_unpack AFTER DELETE ON category_flows BEGIN
	DELETE FROM dataset_packs WHERE dataset = OLD.dataset;
END;

CREATE TRIGGER deals_insert_unpack AFTER INSERT ON deals BEGIN
	DELETE FROM dataset_packs WHERE dataset = NEW.dataset;
END;
CREATE TRIGGER deals_update_unpack AFTER UPDATE ON deals BEGIN
	DELETE FROM dataset_packs WHERE dataset IN (OLD.dataset, NEW.dataset);
END;
CREATE TRIGGER deals_delete_unpack AFTER DELETE ON deals BEGIN
	DELETE FROM dataset_packs WHERE dataset = OLD.dataset;
END;
