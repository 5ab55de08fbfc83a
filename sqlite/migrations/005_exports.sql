-- What today's SIPRI exports hold beyond the classic tables and register:
-- each dataset's coverage and views, the register's per-year deliveries with
-- their exact TIV (SIPRI's export option), each supplier's total exports,
-- and the totals SIPRI itself publishes. Datasets imported before this
-- migration get their coverage and views from what they hold (armsflow does
-- that in Go right after this file runs: see sqlite/backfill.go).

-- Coverage: the years a dataset answers for; 0 is unknown. A year outside
-- it is "not covered", never "no deliveries". coverage_partial_from, when
-- not 0, is the first covered year that was not over when SIPRI generated
-- the data.
ALTER TABLE datasets ADD COLUMN coverage_from INTEGER NOT NULL DEFAULT 0
	CHECK (coverage_from >= 0);
ALTER TABLE datasets ADD COLUMN coverage_to INTEGER NOT NULL DEFAULT 0
	CHECK (coverage_to >= coverage_from AND (coverage_from = 0) = (coverage_to = 0));
ALTER TABLE datasets ADD COLUMN coverage_partial_from INTEGER NOT NULL DEFAULT 0
	CHECK (coverage_partial_from = 0 OR coverage_partial_from BETWEEN coverage_from AND coverage_to);
-- What the dataset can answer, comma-separated: 'dyads,imports,exports,deals'.
ALTER TABLE datasets ADD COLUMN views TEXT NOT NULL DEFAULT ''
	CHECK (views NOT GLOB '*[^a-z_,]*');
-- 1 for a register whose deals carry exact TIV per delivery year.
ALTER TABLE datasets ADD COLUMN yearly_tiv INTEGER NOT NULL DEFAULT 0
	CHECK (yearly_tiv IN (0, 1));

-- Deals are rebuilt with a stable id (a rowid without INTEGER PRIMARY KEY
-- may change on VACUUM) that their deliveries refer to, and the export
-- option's columns. The old rowids become the ids: the order of the rows
-- in their file is kept.
CREATE TABLE deals_005 (
	id                   INTEGER PRIMARY KEY,
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
	tiv_unit             REAL,                -- with the export option: 'TIV deal unit'
	tiv_total            REAL,
	tiv_delivered        REAL,
	-- The export option's columns; NULL (and '') where not given.
	sipri_id             INTEGER CHECK (sipri_id > 0),                    -- SIPRI AT Database ID
	category             TEXT NOT NULL DEFAULT '',                        -- armament category, e.g. 'Aircraft'
	sipri_estimate       REAL CHECK (sipri_estimate >= 0),                -- TIV of one new unit
	local_production     INTEGER CHECK (local_production IN (0, 1)),
	FOREIGN KEY (dataset, file) REFERENCES dataset_files (dataset, id) ON DELETE CASCADE
);
INSERT INTO deals_005 (id, dataset, file, line, recipient, supplier, order_year, order_year_uncertain, ordered,
	ordered_uncertain, designation, description, delivered, delivered_uncertain, delivery_years, status, comments,
	tiv_unit, tiv_total, tiv_delivered)
SELECT rowid, dataset, file, line, recipient, supplier, order_year, order_year_uncertain, ordered,
	ordered_uncertain, designation, description, delivered, delivered_uncertain, delivery_years, status, comments,
	tiv_unit, tiv_total, tiv_delivered
FROM deals ORDER BY rowid;
DROP TABLE deals;
ALTER TABLE deals_005 RENAME TO deals;
CREATE INDEX deals_file ON deals (dataset, file);

-- One delivery year of a deal, in the export's order (position counts from
-- 0). units and tiv are NULL where unknown, never 0; the *_estimate columns
-- are 1 where SIPRI marks the year or the number as estimated. Deleting a
-- deal (and so its dataset) deletes its deliveries. The key is checked at
-- commit, so that an import may write a batch of deliveries before the
-- batch of their deals.
CREATE TABLE deal_deliveries (
	deal           INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	position       INTEGER NOT NULL CHECK (position >= 0),
	year           INTEGER NOT NULL,
	year_estimate  INTEGER NOT NULL DEFAULT 0 CHECK (year_estimate IN (0, 1)),
	units          INTEGER CHECK (units >= 0),
	units_estimate INTEGER NOT NULL DEFAULT 0 CHECK (units_estimate IN (0, 1)),
	tiv            REAL CHECK (tiv >= 0),   -- exact yearly TIV, in millions, unrounded
	PRIMARY KEY (deal, position)
) WITHOUT ROWID;

-- Each supplier's yearly total exports (a TIV export table's rows), one
-- row per supplier and file with its years as in 004's series.
CREATE TABLE export_series (
	dataset  TEXT NOT NULL,
	file     INTEGER NOT NULL,
	supplier TEXT NOT NULL,
	years    TEXT NOT NULL CHECK (json_valid(years)),  -- JSON: [[2002, 54], [2003, 2], ...]
	FOREIGN KEY (dataset, file) REFERENCES dataset_files (dataset, id) ON DELETE CASCADE
);
CREATE INDEX export_series_file ON export_series (dataset, file);

-- The totals SIPRI publishes (a table's Total row, the world total), kept
-- apart from the rows they sum: SIPRI computes them from unrounded values.
-- party '' is the world.
CREATE TABLE total_series (
	dataset TEXT NOT NULL,
	file    INTEGER NOT NULL,
	side    TEXT NOT NULL CHECK (side IN ('import', 'export')),
	party   TEXT NOT NULL,
	years   TEXT NOT NULL CHECK (json_valid(years)),
	FOREIGN KEY (dataset, file) REFERENCES dataset_files (dataset, id) ON DELETE CASCADE
);
CREATE INDEX total_series_file ON total_series (dataset, file);

-- Views for any SQLite tool: one row per year, like flows and
-- world_imports; and each delivery year with its deal.
CREATE VIEW world_exports (dataset, file, supplier, year, tiv) AS
SELECT s.dataset, s.file, s.supplier, y.value ->> 0, y.value ->> 1
FROM export_series s, json_each(s.years) y;

CREATE VIEW sipri_totals (dataset, file, side, party, year, tiv) AS
SELECT s.dataset, s.file, s.side, s.party, y.value ->> 0, y.value ->> 1
FROM total_series s, json_each(s.years) y;

CREATE VIEW deliveries (dataset, file, deal, sipri_id, recipient, supplier, designation, description, category,
	order_year, year, year_estimate, units, units_estimate, tiv) AS
SELECT d.dataset, d.file, d.id, d.sipri_id, d.recipient, d.supplier, d.designation, d.description, d.category,
	d.order_year, x.year, x.year_estimate, x.units, x.units_estimate, x.tiv
FROM deal_deliveries x JOIN deals d ON d.id = x.deal;

-- Packs are dropped when any of their dataset's rows change, as in 004.
CREATE TRIGGER deals_insert_unpack AFTER INSERT ON deals
WHEN EXISTS (SELECT 1 FROM dataset_packs WHERE dataset = NEW.dataset) BEGIN
	DELETE FROM dataset_packs WHERE dataset = NEW.dataset;
END;
CREATE TRIGGER deals_update_unpack AFTER UPDATE ON deals BEGIN
	DELETE FROM dataset_packs WHERE dataset IN (OLD.dataset, NEW.dataset);
END;
CREATE TRIGGER deals_delete_unpack AFTER DELETE ON deals
WHEN EXISTS (SELECT 1 FROM dataset_packs WHERE dataset = OLD.dataset) BEGIN
	DELETE FROM dataset_packs WHERE dataset = OLD.dataset;
END;

CREATE TRIGGER deal_deliveries_insert_unpack AFTER INSERT ON deal_deliveries
WHEN EXISTS (SELECT 1 FROM dataset_packs WHERE dataset = (SELECT dataset FROM deals WHERE id = NEW.deal)) BEGIN
	DELETE FROM dataset_packs WHERE dataset = (SELECT dataset FROM deals WHERE id = NEW.deal);
END;
CREATE TRIGGER deal_deliveries_update_unpack AFTER UPDATE ON deal_deliveries BEGIN
	DELETE FROM dataset_packs WHERE dataset IN (SELECT dataset FROM deals WHERE id IN (OLD.deal, NEW.deal));
END;
-- A delivery deleted with its deal finds no deal any more; the deal's own
-- trigger has dropped the pack then.
CREATE TRIGGER deal_deliveries_delete_unpack AFTER DELETE ON deal_deliveries
WHEN EXISTS (SELECT 1 FROM dataset_packs WHERE dataset = (SELECT dataset FROM deals WHERE id = OLD.deal)) BEGIN
	DELETE FROM dataset_packs WHERE dataset = (SELECT dataset FROM deals WHERE id = OLD.deal);
END;

CREATE TRIGGER export_series_insert_unpack AFTER INSERT ON export_series
WHEN EXISTS (SELECT 1 FROM dataset_packs WHERE dataset = NEW.dataset) BEGIN
	DELETE FROM dataset_packs WHERE dataset = NEW.dataset;
END;
CREATE TRIGGER export_series_update_unpack AFTER UPDATE ON export_series BEGIN
	DELETE FROM dataset_packs WHERE dataset IN (OLD.dataset, NEW.dataset);
END;
CREATE TRIGGER export_series_delete_unpack AFTER DELETE ON export_series
WHEN EXISTS (SELECT 1 FROM dataset_packs WHERE dataset = OLD.dataset) BEGIN
	DELETE FROM dataset_packs WHERE dataset = OLD.dataset;
END;

CREATE TRIGGER total_series_insert_unpack AFTER INSERT ON total_series
WHEN EXISTS (SELECT 1 FROM dataset_packs WHERE dataset = NEW.dataset) BEGIN
	DELETE FROM dataset_packs WHERE dataset = NEW.dataset;
END;
CREATE TRIGGER total_series_update_unpack AFTER UPDATE ON total_series BEGIN
	DELETE FROM dataset_packs WHERE dataset IN (OLD.dataset, NEW.dataset);
END;
CREATE TRIGGER total_series_delete_unpack AFTER DELETE ON total_series
WHEN EXISTS (SELECT 1 FROM dataset_packs WHERE dataset = OLD.dataset) BEGIN
	DELETE FROM dataset_packs WHERE dataset = OLD.dataset;
END;

-- A pack holds a dataset's records, not its datasets row: editing its
-- coverage, views or yearly_tiv by hand needs no trigger.

-- Packs of the old format are useless now; armsflow rebuilds every pack at
-- the end of the upgrade.
DELETE FROM dataset_packs;
