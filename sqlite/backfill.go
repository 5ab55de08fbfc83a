package sqlite

import (
	"context"
	"database/sql"

	"github.com/armsflow/armsflow"
)

// migrationSteps holds the Go part of schema migrations, for what SQL
// cannot do: each runs in the upgrade's transaction right after the SQL of
// its version. A step reads and writes the tables as they are at its
// version, never through the loaders, which follow the newest schema.
var migrationSteps = map[int]func(ctx context.Context, tx *sql.Tx) error{
	5: backfillCoverage,
}

// backfillCoverage gives each dataset imported before schema 5 its coverage
// and views, read from what it holds (see guessCoverage and
// Content.Views). Such a dataset has no yearly TIV: those came with 5.
func backfillCoverage(ctx context.Context, tx *sql.Tx) error {
	type dataset struct{ name, kind, scope, generated string }
	var dss []dataset
	rows, err := tx.QueryContext(ctx, `SELECT name, kind, scope, generated FROM datasets ORDER BY name`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var d dataset
		if err := rows.Scan(&d.name, &d.kind, &d.scope, &d.generated); err != nil {
			rows.Close()
			return err
		}
		dss = append(dss, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, d := range dss {
		// Years of the yearly figures, through 004's views.
		var lo, hi sql.NullInt64
		var flows, world, cats, deals bool
		if err := tx.QueryRowContext(ctx, `SELECT min(year), max(year) FROM (
				SELECT year FROM flows WHERE dataset = ?1
				UNION ALL SELECT year FROM world_imports WHERE dataset = ?1
				UNION ALL SELECT year FROM category_flows WHERE dataset = ?1)`, d.name).Scan(&lo, &hi); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT
				EXISTS (SELECT 1 FROM flow_series WHERE dataset = ?1),
				EXISTS (SELECT 1 FROM world_series WHERE dataset = ?1),
				EXISTS (SELECT 1 FROM category_series WHERE dataset = ?1),
				EXISTS (SELECT 1 FROM deals WHERE dataset = ?1)`, d.name).Scan(&flows, &world, &cats, &deals); err != nil {
			return err
		}
		minYear, maxYear := int(lo.Int64), int(hi.Int64)
		if deals {
			dlo, dhi, err := deliveryYearSpan(ctx, tx, d.name)
			if err != nil {
				return err
			}
			if dlo != 0 && (minYear == 0 || dlo < minYear) {
				minYear = dlo
			}
			maxYear = max(maxYear, dhi)
		}
		cov := guessCoverage(d.kind, d.scope, d.generated, minYear, maxYear)
		// Content.Views says what records of each kind can answer: one of
		// each kind the dataset holds stands for all.
		var c armsflow.Content
		if flows {
			c.Flows = make([]armsflow.Flow, 1)
		}
		if world {
			c.World = make([]armsflow.Flow, 1)
		}
		if cats {
			c.Categories = make([]armsflow.CategoryFlow, 1)
		}
		if deals {
			c.Deals = make([]armsflow.Deal, 1)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE datasets SET coverage_from = ?, coverage_to = ?, coverage_partial_from = ?, views = ?
			WHERE name = ?`, cov.From, cov.To, cov.PartialFrom, formatViews(unionViews(nil, c.Views())), d.name); err != nil {
			return err
		}
	}
	return nil
}

// deliveryYearSpan returns the first and last delivery year of a dataset's
// deals, 0 and 0 when none has any. Years SIPRI's register wrote oddly are
// skipped: a coverage is a guess here, not a reason to refuse the upgrade.
func deliveryYearSpan(ctx context.Context, tx *sql.Tx, dataset string) (lo, hi int, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT delivery_years FROM deals WHERE dataset = ? AND delivery_years <> ''`, dataset)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return 0, 0, err
		}
		ys, _ := parseYears(s)
		for _, y := range ys {
			if y <= 0 {
				continue
			}
			if lo == 0 || y < lo {
				lo = y
			}
			hi = max(hi, y)
		}
	}
	return lo, hi, rows.Err()
}

// rebuildPacks writes the pack of every dataset that has none of the
// current format: after an upgrade that changed the format (schema 5
// dropped them all; 8 split them in two columns, of format 3), so that
// loads stay fast.
func (db *DB) rebuildPacks(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT d.name FROM datasets d
		WHERE NOT EXISTS (SELECT 1 FROM dataset_packs p WHERE p.dataset = d.name AND p.format = ?) ORDER BY d.name`, packFormat)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, name := range names {
		c, err := loadRows(ctx, tx, name)
		if err != nil {
			return err
		}
		if err := storePack(ctx, tx, name, c); err != nil {
			return wrap(err, "dataset %q: storing its packed copy", name)
		}
	}
	return nil
}

// storePack writes c as the pack of the dataset named name, replacing any.
func storePack(ctx context.Context, tx *sql.Tx, name string, c *armsflow.Content) error {
	data, rest := splitPack(encodePack(c))
	_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO dataset_packs (dataset, format, data, rest) VALUES (?, ?, ?, ?)`,
		name, packFormat, data, rest)
	return err
}
