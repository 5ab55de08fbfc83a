// DuckDB peer for bench/peers.sh: the same analyst task as bench/peer_pandas.py
// with DuckDB (npm @duckdb/node-api, in-process, in-memory database).
//
// (1) loads every SIPRI TIV table of a directory with DuckDB's read_csv (all
//     files in one scan, filename=true) into a long table
//     tiv(recipient, supplier, year, tiv); the recipient of each file is named
//     in its line 1 ("TIV of arms exports to Viet Nam, 1950-2021"), read by a
//     second read_csv over the same files that takes each line as one field;
// (2) the founding study's 18 questions, as bench/peer_pandas.py words them:
//     yearly TIV Russia -> Viet Nam, 2002-2021; per 5-year period Russia's
//     rank, TIV and share among world exporters, Viet Nam's among Russia's
//     recipients, Viet Nam's among world importers and Russia's among Viet
//     Nam's suppliers; Viet Nam's among Russia's recipients in South East
//     Asia, 2002-2021.
//
// Encoding: the tables are CP1252; DuckDB's read_csv has no cp1252 but reads
// latin-1, which agrees with CP1252 on every byte outside 0x80-0x9F (the 2022
// tables are pure ASCII in fact). The sniffer cannot read these files (the
// separator row has one field too many), so the dialect and the 74 columns are
// declared: name, 1950..2021, Total.
//
//   node bench/peer_duckdb.mjs ../shared/data/sipri/tiv-2022-04
//
// Source of the data: SIPRI Arms Transfers Database.
import { DuckDBInstance } from '@duckdb/node-api';

const SUPPLIER = 'Russia';
const RECIPIENT = 'Viet Nam';
const FLOW_YEARS = [2002, 2021];
const PERIODS = [[2002, 2006], [2007, 2011], [2012, 2016], [2017, 2021]];
const FIRST_YEAR = 1950;
const LAST_YEAR = 2021;
// SIPRI's South East Asia: states only.
const SOUTH_EAST_ASIA = ['Brunei', 'Cambodia', 'Indonesia', 'Laos', 'Malaysia', 'Myanmar', 'Philippines',
  'Singapore', 'Thailand', 'Timor-Leste', 'Viet Nam'];

const dir = process.argv[2] ?? '../shared/data/sipri/tiv-2022-04';
const glob = `${dir.replace(/\/+$/, '')}/*.csv`.replaceAll("'", "''");

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const rows = async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJS();

// (1) load
const years = [];
for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) years.push(y);
const columns = `{'name': 'VARCHAR', ${years.map((y) => `'${y}': 'INTEGER'`).join(', ')}, 'Total': 'INTEGER'}`;
await con.run(`
  CREATE TABLE titles AS
  SELECT filename,
         regexp_extract(line, '^"?TIV of arms exports to (.*), [0-9]{4}-[0-9]{4}"?', 1) AS recipient
  FROM read_csv('${glob}', header = false, auto_detect = false, columns = {'line': 'VARCHAR'},
                delim = '\t', quote = '', escape = '', encoding = 'latin-1', filename = true)
  WHERE line LIKE '%TIV of arms exports to %'`);
await con.run(`
  CREATE TABLE tables AS
  SELECT * FROM read_csv('${glob}', skip = 11, header = false, auto_detect = false,
                         delim = ',', quote = '"', escape = '"', encoding = 'latin-1',
                         filename = true, columns = ${columns})
  WHERE name IS NOT NULL AND name <> 'Total'`);
await con.run(`
  CREATE TABLE tiv AS
  SELECT t.recipient, u.name AS supplier, CAST(u.year AS INTEGER) AS year, u.tiv
  FROM (UNPIVOT (SELECT * EXCLUDE (Total) FROM tables)
        ON COLUMNS(* EXCLUDE (name, filename)) INTO NAME year VALUE tiv) u
  JOIN titles t USING (filename)
  WHERE t.recipient <> 'all'`); // ALL.csv, the world table: its rows are recipients
const [{ n, files }] = await rows(`SELECT count(*) AS n, count(DISTINCT recipient) AS files FROM tiv`);
if (files === 0 || n === 0) {
  console.error(`peer_duckdb: no TIV rows read from ${glob}`);
  process.exit(1);
}

// (2) yearly TIV supplier -> recipient
{
  const [a, b] = FLOW_YEARS;
  const yearly = await rows(`
    SELECT y.year, coalesce(sum(t.tiv), 0) AS tiv
    FROM range(${a}, ${b + 1}) y(year)
    LEFT JOIN tiv t ON t.year = y.year AND t.supplier = '${SUPPLIER}' AND t.recipient = '${RECIPIENT}'
    GROUP BY y.year ORDER BY y.year`);
  console.log(`flows ${SUPPLIER} -> ${RECIPIENT} ${a}-${b}: ${yearly.map((r) => Number(r.tiv)).join(',')}`);
}

// name's rank, TIV and share among the parties `by` of the rows matching
// where, in years a-b; and their total.
const ranked = async (where, by, name, a, b) => {
  const [r] = await rows(`
    WITH s AS (SELECT ${by} AS party, sum(tiv) AS tiv FROM tiv
               WHERE year BETWEEN ${a} AND ${b} AND ${where} GROUP BY ${by} HAVING sum(tiv) > 0),
         r AS (SELECT party, rank() OVER (ORDER BY tiv DESC) AS rank, tiv,
                      100.0 * tiv / sum(tiv) OVER () AS share_pct, sum(tiv) OVER () AS total FROM s)
    SELECT * FROM r WHERE party = '${name}'`);
  return `${name} rank=${Number(r.rank)} tiv=${Number(r.tiv)} share_pct=${Number(r.share_pct).toFixed(1)}`;
};
const total = async (where, a, b) => {
  const [r] = await rows(`SELECT sum(tiv) AS t FROM tiv WHERE year BETWEEN ${a} AND ${b} AND ${where}`);
  return Number(r.t);
};

// suppliers ranked among world exporters
for (const [a, b] of PERIODS) {
  console.log(`rank suppliers ${a}-${b}: ${await ranked('true', 'supplier', SUPPLIER, a, b)}`);
}
// the supplier's recipients
const exportsOf = `supplier = '${SUPPLIER}'`;
for (const [a, b] of PERIODS) {
  console.log(`recipients of ${SUPPLIER} ${a}-${b}: ${await ranked(exportsOf, 'recipient', RECIPIENT, a, b)} of total=${await total(exportsOf, a, b)}`);
}
// the supplier's recipients in South East Asia, over 20 years
{
  const [a, b] = FLOW_YEARS;
  const where = `${exportsOf} AND recipient IN (${SOUTH_EAST_ASIA.map((n) => `'${n}'`).join(', ')})`;
  console.log(`recipients of ${SUPPLIER} in South East Asia ${a}-${b}: ${await ranked(where, 'recipient', RECIPIENT, a, b)} of total=${await total(where, a, b)}`);
}
// recipients ranked among world importers
for (const [a, b] of PERIODS) {
  console.log(`rank recipients ${a}-${b}: ${await ranked('true', 'recipient', RECIPIENT, a, b)}`);
}
// the recipient's suppliers
const importsOf = `recipient = '${RECIPIENT}'`;
for (const [a, b] of PERIODS) {
  console.log(`suppliers of ${RECIPIENT} ${a}-${b}: ${await ranked(importsOf, 'supplier', SUPPLIER, a, b)} of total=${await total(importsOf, a, b)}`);
}
