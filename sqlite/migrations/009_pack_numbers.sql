-- Pack format 4 (see sqlite/pack.go): whole numbers, which are all of the
-- TIV tables' figures, are varints instead of eight bytes each, so that a
-- cold query reads and copies a third of the bytes. The schema does not
-- change; this upgrade is how every pack is rebuilt in the new format (at
-- the end of any upgrade, packs of another format are rebuilt from the
-- rows), in one transaction.
SELECT 1;
