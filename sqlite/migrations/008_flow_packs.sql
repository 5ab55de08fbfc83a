-- Packs in two parts (pack format 3, see sqlite/pack.go): data holds what
-- yearly flows are built from (the published figures, and each deal's
-- parties, delivery years and TIV), rest the deals' text and other fields.
-- A query that ranks or sums reads data alone. They are two columns, data
-- first, because SQLite reads a column's whole value, and the columns
-- before it, but not those after: a full-size register's pack is 2.8 MB,
-- its data 1.3 MB. rest is NULL in packs of older formats, which armsflow
-- never decodes: it rebuilds every pack at the end of this upgrade.
ALTER TABLE dataset_packs ADD COLUMN rest BLOB;
