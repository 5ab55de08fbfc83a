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

-- The export option's columns of deals; NULL where not given.
ALTER TABLE deals ADD COLUMN sipri_id INTEGER CHECK (sipri_id > 0);                  -- SIPRI AT Database ID
ALTER TABLE deals ADD COLUMN category TEXT CHECK (category <> '');                  -- armament category, e.g. 'Aircraft'
ALTER TABLE deals ADD COLUMN sipri_estimate REAL CHECK (sipri_estimate >= 0);       -- TIV of one new unit
ALTER TABLE deals ADD COLUMN local_production INTEGER CHECK (local_production IN (0, 1));
-- A deal's delivery years, in the export's order, as a JSON array of
-- [year, year_estimate, units, units_estimate, tiv]: units and tiv are null
-- where unknown, never 0; the estimate flags are 1 where SIPRI marks the
-- year or the number as estimated; tiv is the exact yearly TIV, in
-- millions, unrounded. NULL when the export gives none. The view
-- deliveries below gives one row per delivery year with its deal.
--
-- A column rather than a table of one row per delivery year, for the
-- reason 004 gives: a full register of the export option has some 60,000
-- delivery years, and writing them as rows (each with its key, its
-- foreign-key check and its trigger) nearly doubled the time of its
-- import (490 ms instead of 260 ms in BenchmarkImportExportRegister); as a
-- column they cost a few milliseconds, and they go with their deal when it
-- is deleted.
ALTER TABLE deals ADD COLUMN deliveries TEXT CHECK (json_valid(deliveries));

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
-- world_imports; and each delivery year with its deal (deal is the deal's
-- rowid, which tells deals apart within a query; VACUUM may renumber it).
CREATE VIEW world_exports (dataset, file, supplier, year, tiv) AS
SELECT s.dataset, s.file, s.supplier, y.value ->> 0, y.value ->> 1
FROM export_series s, json_each(s.years) y;

CREATE VIEW sipri_totals (dataset, file, side, party, year, tiv) AS
SELECT s.dataset, s.file, s.side, s.party, y.value ->> 0, y.value ->> 1
FROM total_series s, json_each(s.years) y;

CREATE VIEW deliveries (dataset, file, deal, position, sipri_id, recipient, supplier, designation, description,
	category, order_year, year, year_estimate, units, units_estimate, tiv) AS
SELECT d.dataset, d.file, d.rowid, x.key, d.sipri_id, d.recipient, d.supplier, d.designation, d.description,
	d.category, d.order_year, x.value ->> 0, x.value ->> 1, x.value ->> 2, x.value ->> 3, x.value ->> 4
FROM deals d, json_each(d.deliveries) x;

-- Packs are dropped when any of their dataset's rows change, as in 004
-- (deals keep their triggers).
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
