-- Yearly figures are stored one row per series instead of one row per year:
-- a supplier-recipient pair of a file, a recipient of the world table, a
-- country's weapon category, with its years as a JSON array of [year, tiv]
-- pairs in the file's order. Writing a row per year was most of an import's
-- time (30,000 rows, each with its trigger, key check and two index
-- entries, for the TIV tables alone); a series is about a sixth as many rows.
--
-- The views flows, world_imports and category_flows give one row per year
-- with the columns of the old tables, for queries with any SQLite tool. To
-- change figures, change the *_series tables: the triggers drop the
-- dataset's pack, and armsflow then reads the tables.

CREATE TABLE flow_series (
	dataset   TEXT NOT NULL,
	file      INTEGER NOT NULL,
	supplier  TEXT NOT NULL,
	recipient TEXT NOT NULL,
	years     TEXT NOT NULL,  -- JSON: [[2002, 54], [2003, 2], ...]
	FOREIGN KEY (dataset, file) REFERENCES dataset_files (dataset, id) ON DELETE CASCADE
);
CREATE INDEX flow_series_file ON flow_series (dataset, file);

CREATE TABLE world_series (
	dataset   TEXT NOT NULL,
	file      INTEGER NOT NULL,
	recipient TEXT NOT NULL,
	years     TEXT NOT NULL,
	FOREIGN KEY (dataset, file) REFERENCES dataset_files (dataset, id) ON DELETE CASCADE
);
CREATE INDEX world_series_file ON world_series (dataset, file);

CREATE TABLE category_series (
	dataset  TEXT NOT NULL,
	file     INTEGER NOT NULL,
	side     TEXT NOT NULL CHECK (side IN ('import', 'export')),
	country  TEXT NOT NULL,
	category TEXT NOT NULL,
	years    TEXT NOT NULL,
	FOREIGN KEY (dataset, file) REFERENCES dataset_files (dataset, id) ON DELETE CASCADE
);
CREATE INDEX category_series_file ON category_series (dataset, file);

-- Existing rows move over, one series per pair and file, years in order.
INSERT INTO flow_series (dataset, file, supplier, recipient, years)
SELECT dataset, file, supplier, recipient, json_group_array(json_array(year, tiv))
FROM (SELECT rowid AS rid, * FROM flows ORDER BY dataset, file, supplier, recipient, year)
GROUP BY dataset, file, supplier, recipient ORDER BY min(rid);

INSERT INTO world_series (dataset, file, recipient, years)
SELECT dataset, file, recipient, json_group_array(json_array(year, tiv))
FROM (SELECT rowid AS rid, * FROM world_imports ORDER BY dataset, file, recipient, year)
GROUP BY dataset, file, recipient ORDER BY min(rid);

INSERT INTO category_series (dataset, file, side, country, category, years)
SELECT dataset, file, side, country, category, json_group_array(json_array(year, tiv))
FROM (SELECT rowid AS rid, * FROM category_flows ORDER BY dataset, file, side, country, category, year)
GROUP BY dataset, file, side, country, category ORDER BY min(rid);

DROP TABLE flows;
DROP TABLE world_imports;
DROP TABLE category_flows;

CREATE VIEW flows (dataset, file, supplier, recipient, year, tiv) AS
SELECT s.dataset, s.file, s.supplier, s.recipient, y.value ->> 0, y.value ->> 1
FROM flow_series s, json_each(s.years) y;

CREATE VIEW world_imports (dataset, file, recipient, year, tiv) AS
SELECT s.dataset, s.file, s.recipient, y.value ->> 0, y.value ->> 1
FROM world_series s, json_each(s.years) y;

CREATE VIEW category_flows (dataset, file, side, country, category, year, tiv) AS
SELECT s.dataset, s.file, s.side, s.country, s.category, y.value ->> 0, y.value ->> 1
FROM category_series s, json_each(s.years) y;

-- A pack is dropped when its dataset's rows change. armsflow's own imports
-- write the rows before the pack, so the insert triggers test for a pack
-- first and cost next to nothing then.
CREATE TRIGGER flow_series_insert_unpack AFTER INSERT ON flow_series
WHEN EXISTS (SELECT 1 FROM dataset_packs WHERE dataset = NEW.dataset) BEGIN
	DELETE FROM dataset_packs WHERE dataset = NEW.dataset;
END;
CREATE TRIGGER flow_series_update_unpack AFTER UPDATE ON flow_series BEGIN
	DELETE FROM dataset_packs WHERE dataset IN (OLD.dataset, NEW.dataset);
END;
CREATE TRIGGER flow_series_delete_unpack AFTER DELETE ON flow_series
WHEN EXISTS (SELECT 1 FROM dataset_packs WHERE dataset = OLD.dataset) BEGIN
	DELETE FROM dataset_packs WHERE dataset = OLD.dataset;
END;

CREATE TRIGGER world_series_insert_unpack AFTER INSERT ON world_series
WHEN EXISTS (SELECT 1 FROM dataset_packs WHERE dataset = NEW.dataset) BEGIN
	DELETE FROM dataset_packs WHERE dataset = NEW.dataset;
END;
CREATE TRIGGER world_series_update_unpack AFTER UPDATE ON world_series BEGIN
	DELETE FROM dataset_packs WHERE dataset IN (OLD.dataset, NEW.dataset);
END;
CREATE TRIGGER world_series_delete_unpack AFTER DELETE ON world_series
WHEN EXISTS (SELECT 1 FROM dataset_packs WHERE dataset = OLD.dataset) BEGIN
	DELETE FROM dataset_packs WHERE dataset = OLD.dataset;
END;

CREATE TRIGGER category_series_insert_unpack AFTER INSERT ON category_series
WHEN EXISTS (SELECT 1 FROM dataset_packs WHERE dataset = NEW.dataset) BEGIN
	DELETE FROM dataset_packs WHERE dataset = NEW.dataset;
END;
CREATE TRIGGER category_series_update_unpack AFTER UPDATE ON category_series BEGIN
	DELETE FROM dataset_packs WHERE dataset IN (OLD.dataset, NEW.dataset);
END;
CREATE TRIGGER category_series_delete_unpack AFTER DELETE ON category_series
WHEN EXISTS (SELECT 1 FROM dataset_packs WHERE dataset = OLD.dataset) BEGIN
	DELETE FROM dataset_packs WHERE dataset = OLD.dataset;
END;

-- Deals stay one row per record; their insert and delete triggers get the
-- same test, and the pair index goes (armsflow reads the packs; the
-- (dataset, file) index stays for deletes).
DROP INDEX deals_pair;
DROP TRIGGER deals_insert_unpack;
CREATE TRIGGER deals_insert_unpack AFTER INSERT ON deals
WHEN EXISTS (SELECT 1 FROM dataset_packs WHERE dataset = NEW.dataset) BEGIN
	DELETE FROM dataset_packs WHERE dataset = NEW.dataset;
END;
DROP TRIGGER deals_delete_unpack;
CREATE TRIGGER deals_delete_unpack AFTER DELETE ON deals
WHEN EXISTS (SELECT 1 FROM dataset_packs WHERE dataset = OLD.dataset) BEGIN
	DELETE FROM dataset_packs WHERE dataset = OLD.dataset;
END;
