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

-- Deals are stored in chunks, as 004 stores yearly figures in series: up
-- to a few hundred deals of one file per row, as a JSON array with one
-- array per deal. A full register of SIPRI's export option has some 41,000
-- deals with 54,000 delivery years: written one row per deal (each with
-- its bound values, key check, index entry and trigger) storing them took
-- about 390 ms of CPU against 70 ms for parsing the file, and a row per
-- delivery year besides nearly doubled that; in chunks it takes 130 ms,
-- most of it writing the pages.
--
-- The view deals gives one row per deal with the columns of the old
-- table, and the export option's: sipri_id (SIPRI AT Database ID),
-- category (armament category, e.g. 'Aircraft'), sipri_estimate (TIV of
-- one new unit), local_production (0 or 1), all NULL where not given; and
-- deliveries, the deal's delivery years as a JSON array of [year,
-- year_estimate, units, units_estimate, tiv], units and tiv null where
-- unknown (never 0), tiv the exact yearly TIV in millions, unrounded; NULL
-- when the export gives none. To change deals, change deal_chunks: its
-- triggers drop the dataset's pack, and armsflow then reads the chunks.
CREATE TABLE deal_chunks (
	dataset TEXT NOT NULL,
	file    INTEGER NOT NULL,
	-- [[line, recipient, supplier, order_year, order_year_uncertain, ordered,
	--   ordered_uncertain, designation, description, delivered,
	--   delivered_uncertain, delivery_years, status, comments, tiv_unit,
	--   tiv_total, tiv_delivered, sipri_id, category, sipri_estimate,
	--   local_production, deliveries], ...], in the file's order
	-- No CHECK (json_valid(deals)): it parses every chunk written, and
	-- made storing a register a quarter slower; armsflow checks each deal
	-- when it reads the chunks and names what is wrong.
	deals   TEXT NOT NULL,
	FOREIGN KEY (dataset, file) REFERENCES dataset_files (dataset, id) ON DELETE CASCADE
);
CREATE INDEX deal_chunks_file ON deal_chunks (dataset, file);

-- Existing deals move over, one chunk per file, in their order.
INSERT INTO deal_chunks (dataset, file, deals)
SELECT dataset, file, json_group_array(json_array(line, recipient, supplier, order_year, order_year_uncertain, ordered,
	ordered_uncertain, designation, description, delivered, delivered_uncertain, delivery_years, status, comments,
	tiv_unit, tiv_total, tiv_delivered, NULL, NULL, NULL, NULL, NULL))
FROM (SELECT rowid AS rid, * FROM deals ORDER BY dataset, file, rowid)
GROUP BY dataset, file ORDER BY min(rid);

DROP TABLE deals;

CREATE VIEW deals (dataset, file, line, recipient, supplier, order_year, order_year_uncertain, ordered, ordered_uncertain,
	designation, description, delivered, delivered_uncertain, delivery_years, status, comments,
	tiv_unit, tiv_total, tiv_delivered, sipri_id, category, sipri_estimate, local_production, deliveries) AS
SELECT c.dataset, c.file, d.value ->> 0, d.value ->> 1, d.value ->> 2, d.value ->> 3, d.value ->> 4, d.value ->> 5,
	d.value ->> 6, d.value ->> 7, d.value ->> 8, d.value ->> 9, d.value ->> 10, d.value ->> 11, d.value ->> 12,
	d.value ->> 13, d.value ->> 14, d.value ->> 15, d.value ->> 16, d.value ->> 17, d.value ->> 18, d.value ->> 19,
	d.value ->> 20, CASE WHEN json_type(d.value, '$[21]') = 'array' THEN d.value -> 21 END
FROM deal_chunks c, json_each(c.deals) d;

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

CREATE VIEW deliveries (dataset, file, line, sipri_id, recipient, supplier, designation, description,
	category, order_year, year, year_estimate, units, units_estimate, tiv) AS
SELECT d.dataset, d.file, d.line, d.sipri_id, d.recipient, d.supplier, d.designation, d.description,
	d.category, d.order_year, x.value ->> 0, x.value ->> 1, x.value ->> 2, x.value ->> 3, x.value ->> 4
FROM deals d, json_each(d.deliveries) x;

-- Packs are dropped when any of their dataset's rows change, as in 004.
CREATE TRIGGER deal_chunks_insert_unpack AFTER INSERT ON deal_chunks
WHEN EXISTS (SELECT 1 FROM dataset_packs WHERE dataset = NEW.dataset) BEGIN
	DELETE FROM dataset_packs WHERE dataset = NEW.dataset;
END;
CREATE TRIGGER deal_chunks_update_unpack AFTER UPDATE ON deal_chunks BEGIN
	DELETE FROM dataset_packs WHERE dataset IN (OLD.dataset, NEW.dataset);
END;
CREATE TRIGGER deal_chunks_delete_unpack AFTER DELETE ON deal_chunks
WHEN EXISTS (SELECT 1 FROM dataset_packs WHERE dataset = OLD.dataset) BEGIN
	DELETE FROM dataset_packs WHERE dataset = OLD.dataset;
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
