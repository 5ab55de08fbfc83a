package sqlite

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/armsflow/armsflow"
)

// FileContent is one source file of an import with the records parsed from
// it; the type is the root package's contract.
type FileContent = armsflow.FileContent

// ImportResult says what ImportDataset did to one dataset; the type is the
// root package's contract.
type ImportResult = armsflow.ImportResult

// ImportDataset stores dataset ds and the content of its files in one
// transaction: on any error nothing is written.
//
// The files of the import are ds.Files together with the File of each
// element of files; each is identified by its SHA-256, and each the dataset
// does not hold yet needs its content in files. ds.Name identifies the
// dataset:
//
//   - no dataset of that name: it is created with all the files and their
//     content (Created);
//   - the dataset already holds every file: nothing is written (Unchanged);
//   - some files are new: they are added with their content (AddedFiles);
//     the content given for files already held is ignored;
//   - a new file has the same Subject as a file the dataset holds (e.g. the
//     TIV table of the same recipient), or as another new file, but other
//     bytes: ECONFLICT.
//
// The store computes each file's Records (from its content) and the
// dataset's Records, SHA256 and ImportedAt. ds.Views, when empty, are read
// from the content (Content.Views). Files added to an existing dataset
// widen its Coverage and Views to the union of both; a YearlyTIV other than
// the dataset's is ECONFLICT.
//
// Content is checked first: a TIV (of a flow, a delivery, a total, a SIPRI
// estimate) that is negative or not a number, a world-table flow with a
// supplier, a total-exports flow with a recipient, a category flow or a
// total of another side than import or export, a coverage that is not a
// span of years, or a view name that is not lower-case letters is
// EINVALID.
func (db *DB) ImportDataset(ctx context.Context, ds armsflow.Dataset, files []FileContent) (ImportResult, error) {
	res, err := db.ImportDatasets(ctx, []DatasetImport{{Dataset: ds, Files: files}})
	if err != nil {
		return ImportResult{}, err
	}
	return res[0], nil
}

// DatasetImport is one dataset of an ImportDatasets call: the arguments of
// an ImportDataset call. The type is the root package's contract.
type DatasetImport = armsflow.DatasetImport

// ImportDatasets imports each dataset as ImportDataset does, all in one
// transaction: on any error nothing is written, so that a command importing
// several SIPRI exports at once stores all or none. It returns one result
// per dataset, in order. Errors name the dataset they concern.
func (db *DB) ImportDatasets(ctx context.Context, imports []DatasetImport) ([]ImportResult, error) {
	type prepared struct {
		in      []FileContent
		missing []bool
	}
	preps := make([]prepared, len(imports))
	names := make([]string, len(imports))
	for i, im := range imports {
		in, missing, err := prepareImport(im.Dataset, im.Files)
		if err != nil {
			return nil, err
		}
		preps[i] = prepared{in, missing}
		names[i] = fmt.Sprintf("%q", im.Dataset.Name)
	}
	what := "importing dataset " + strings.Join(names, ", ")
	results := make([]ImportResult, len(imports))
	err := db.update(ctx, what, func(tx *sql.Tx) error {
		for i, im := range imports {
			var err error
			if results[i], err = db.importInto(ctx, tx, im.Dataset, preps[i].in, preps[i].missing); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// importInto stores one dataset in tx; see ImportDataset. in and missing
// are from prepareImport.
func (db *DB) importInto(ctx context.Context, tx *sql.Tx, ds armsflow.Dataset, in []FileContent, missing []bool) (ImportResult, error) {
	what := fmt.Sprintf("importing dataset %q", ds.Name)
	cur, exists, err := loadDataset(ctx, tx, ds.Name)
	if err != nil {
		return ImportResult{}, err
	}
	var fresh []int // indexes in in of the files the dataset lacks
	held := map[string]bool{}
	for _, f := range cur.Files {
		held[f.SHA256] = true
	}
	for i := range in {
		if held[in[i].File.SHA256] {
			continue
		}
		if missing[i] {
			return ImportResult{}, armsflow.Errorf(armsflow.EINVALID, "dataset %q: no content given for new file %s", ds.Name, in[i].File.Name)
		}
		fresh = append(fresh, i)
	}
	if exists {
		if err := compatible(cur, ds); err != nil {
			return ImportResult{}, err
		}
		if len(fresh) == 0 {
			return ImportResult{Dataset: cur, Unchanged: true}, nil
		}
		if cur.YearlyTIV != ds.YearlyTIV {
			has := map[bool]string{true: "with", false: "without"}
			return ImportResult{}, armsflow.Errorf(armsflow.ECONFLICT,
				"dataset %q was imported %s SIPRI's yearly TIV delivery values, these files come %s them: import them under another dataset name",
				ds.Name, has[cur.YearlyTIV], has[ds.YearlyTIV])
		}
	}
	// Views not given are read from what the new files hold.
	views := ds.Views
	if len(views) == 0 {
		for _, i := range fresh {
			views = unionViews(views, in[i].Content.Views())
		}
	}

	// The pack is rebuilt over the old content and the new.
	var pack armsflow.Content
	if exists {
		old, err := db.loadContent(ctx, tx, ds.Name)
		if err != nil {
			return ImportResult{}, err
		}
		pack = *old
		if _, err := tx.ExecContext(ctx, `DELETE FROM dataset_packs WHERE dataset = ?`, ds.Name); err != nil {
			return ImportResult{}, wrap(err, "%s", what)
		}
	} else {
		cur = armsflow.Dataset{Name: ds.Name, Kind: ds.Kind, Generated: ds.Generated, Scope: ds.Scope, YearlyTIV: ds.YearlyTIV}
		if _, err := tx.ExecContext(ctx, `INSERT INTO datasets (name, kind, generated, sha256, records, imported_at, scope)
			VALUES (?, ?, ?, '', 0, '', ?)`, ds.Name, ds.Kind, ds.Generated, ds.Scope); err != nil {
			return ImportResult{}, wrap(err, "%s", what)
		}
	}
	if cur.Scope == "" && ds.Scope != "" {
		cur.Scope = ds.Scope
	}
	if cur.Generated == "" && ds.Generated != "" {
		cur.Generated = ds.Generated
	}
	cur.Coverage = unionCoverage(cur.Coverage, ds.Coverage)
	cur.Views = unionViews(cur.Views, views)

	ins, err := prepareInserts(ctx, tx, ds.Name)
	if err != nil {
		return ImportResult{}, wrap(err, "%s", what)
	}
	defer ins.close()
	growContent(&pack, in, fresh)
	bySubject := map[string]armsflow.SourceFile{} // subject → a file the dataset holds
	for _, f := range cur.Files {
		if f.Subject != "" {
			bySubject[f.Subject] = f
		}
	}
	newSubject := map[string]armsflow.SourceFile{} // subject → a file of this import
	for n, i := range fresh {
		fc := &in[i]
		if old, ok := bySubject[fc.File.Subject]; ok {
			return ImportResult{}, armsflow.Errorf(armsflow.ECONFLICT,
				"dataset %q already has %s for %q (sha256 %.12s…), and %s covers %q too with other bytes: "+
					"import the new vintage as its own dataset (file set), or delete dataset %q first",
				ds.Name, old.Name, old.Subject, old.SHA256, fc.File.Name, fc.File.Subject, ds.Name)
		}
		if old, ok := newSubject[fc.File.Subject]; ok {
			return ImportResult{}, armsflow.Errorf(armsflow.ECONFLICT,
				"%s and %s both cover %q with other bytes: import each vintage as its own dataset (file set)",
				old.Name, fc.File.Name, fc.File.Subject)
		}
		if fc.File.Subject != "" {
			newSubject[fc.File.Subject] = fc.File
		}
		if err := ins.store(ctx, ds.Name, fc); err != nil {
			return ImportResult{}, wrap(err, "%s: storing %s", what, fc.File.Name)
		}
		cur.Files = append(cur.Files, fc.File)
		appendContent(&pack, &fc.Content)
		if db.testHookFileStored != nil {
			if err := db.testHookFileStored(n); err != nil {
				return ImportResult{}, err
			}
		}
	}

	if err := ins.flush(); err != nil {
		return ImportResult{}, wrap(err, "%s", what)
	}
	cur.Records = 0
	for _, f := range cur.Files {
		cur.Records += f.Records
	}
	cur.SHA256 = datasetDigest(cur.Files)
	cur.ImportedAt = db.now().UTC()
	if _, err := tx.ExecContext(ctx, `UPDATE datasets SET sha256 = ?, records = ?, imported_at = ?, scope = ?, generated = ?,
		coverage_from = ?, coverage_to = ?, coverage_partial_from = ?, views = ?, yearly_tiv = ?
		WHERE name = ?`, cur.SHA256, cur.Records, formatTime(cur.ImportedAt), cur.Scope, cur.Generated,
		cur.Coverage.From, cur.Coverage.To, cur.Coverage.PartialFrom, formatViews(cur.Views), cur.YearlyTIV, ds.Name); err != nil {
		return ImportResult{}, wrap(err, "%s", what)
	}
	if err := storePack(ctx, tx, ds.Name, &pack); err != nil {
		return ImportResult{}, wrap(err, "%s: storing the packed copy", what)
	}
	if err := bumpVersion(ctx, tx); err != nil {
		return ImportResult{}, err
	}
	stored, _, err := loadDataset(ctx, tx, ds.Name)
	if err != nil {
		return ImportResult{}, err
	}
	return ImportResult{Dataset: stored, Created: !exists, AddedFiles: len(fresh)}, nil
}

// prepareImport checks an import and returns its files, each once, in the
// order given: ds.Files first, then any other file of files. missing[i] is
// true when no content was given for the i-th: an error unless the dataset
// holds that file already.
func prepareImport(ds armsflow.Dataset, files []FileContent) (in []FileContent, missing []bool, err error) {
	if strings.TrimSpace(ds.Name) == "" {
		return nil, nil, armsflow.Errorf(armsflow.EINVALID, "dataset has no name")
	}
	if ds.Kind == "" {
		return nil, nil, armsflow.Errorf(armsflow.EINVALID, "dataset %q has no kind", ds.Name)
	}
	if err := checkDataset(ds); err != nil {
		return nil, nil, err
	}
	content := map[string]*FileContent{}
	var order []string
	for i := range files {
		sum, err := normDigest(ds.Name, files[i].File)
		if err != nil {
			return nil, nil, err
		}
		if _, ok := content[sum]; !ok {
			content[sum] = &files[i]
			order = append(order, sum)
		}
	}
	seen := map[string]bool{}
	add := func(f armsflow.SourceFile, sum string) error {
		if seen[sum] {
			return nil
		}
		seen[sum] = true
		f.SHA256 = sum
		if f.Name == "" {
			return armsflow.Errorf(armsflow.EINVALID, "dataset %q: a file (sha256 %s) has no name", ds.Name, sum)
		}
		fc, ok := content[sum]
		if !ok {
			in = append(in, FileContent{File: f})
			missing = append(missing, true)
			return nil
		}
		f.Records = fc.Content.Records()
		if err := checkContent(f.Name, &fc.Content); err != nil {
			return err
		}
		in = append(in, FileContent{File: f, Content: fc.Content})
		missing = append(missing, false)
		return nil
	}
	for _, f := range ds.Files {
		sum, err := normDigest(ds.Name, f)
		if err != nil {
			return nil, nil, err
		}
		if err := add(f, sum); err != nil {
			return nil, nil, err
		}
	}
	for _, sum := range order {
		if err := add(content[sum].File, sum); err != nil {
			return nil, nil, err
		}
	}
	if len(in) == 0 {
		return nil, nil, armsflow.Errorf(armsflow.EINVALID, "dataset %q: no files to import", ds.Name)
	}
	return in, missing, nil
}

// normDigest returns f's SHA-256 in lower-case hex, or EINVALID.
func normDigest(dataset string, f armsflow.SourceFile) (string, error) {
	sum := strings.ToLower(f.SHA256)
	if _, err := hex.DecodeString(sum); err != nil || len(sum) != 2*sha256.Size {
		return "", armsflow.Errorf(armsflow.EINVALID, "dataset %q: file %s has no valid sha256 (%q)", dataset, f.Name, f.SHA256)
	}
	return sum, nil
}

// checkContent refuses records the schema could not keep as they are.
func checkContent(file string, c *armsflow.Content) error {
	tiv := func(what string, i int, v float64) error {
		if !isVolume(v) {
			return armsflow.Errorf(armsflow.EINVALID, "%s: %s %d: TIV %v is not a volume (a number of at least 0)", file, what, i+1, v)
		}
		return nil
	}
	for i, f := range c.Flows {
		if err := tiv("flow", i, f.TIV); err != nil {
			return err
		}
	}
	for i, f := range c.World {
		if f.Supplier != "" {
			return armsflow.Errorf(armsflow.EINVALID, "%s: world-table flow %d has supplier %q: world rows have none", file, i+1, f.Supplier)
		}
		if err := tiv("world-table flow", i, f.TIV); err != nil {
			return err
		}
	}
	for i, f := range c.Categories {
		if f.Side != armsflow.SideImport && f.Side != armsflow.SideExport {
			return armsflow.Errorf(armsflow.EINVALID, "%s: category flow %d: side %q is neither %q nor %q",
				file, i+1, f.Side, armsflow.SideImport, armsflow.SideExport)
		}
		if err := tiv("category flow", i, f.TIV); err != nil {
			return err
		}
	}
	for i, f := range c.Exports {
		if f.Recipient != "" {
			return armsflow.Errorf(armsflow.EINVALID, "%s: total-exports flow %d has recipient %q: total exports have none", file, i+1, f.Recipient)
		}
		if err := tiv("total-exports flow", i, f.TIV); err != nil {
			return err
		}
	}
	for i, t := range c.Totals {
		if t.Side != armsflow.SideImport && t.Side != armsflow.SideExport {
			return armsflow.Errorf(armsflow.EINVALID, "%s: SIPRI total %d: side %q is neither %q nor %q",
				file, i+1, t.Side, armsflow.SideImport, armsflow.SideExport)
		}
		if err := tiv("SIPRI total", i, t.TIV); err != nil {
			return err
		}
	}
	for i := range c.Deals {
		d := &c.Deals[i]
		for _, p := range [...]*float64{d.TIVUnit, d.TIVTotal, d.TIVDelivered} {
			if p != nil && (math.IsNaN(*p) || math.IsInf(*p, 0)) {
				return armsflow.Errorf(armsflow.EINVALID, "%s: deal %d (line %d): TIV %v is not a number", file, i+1, d.Line, *p)
			}
		}
		if p := d.SIPRIEstimate; p != nil && !isVolume(*p) {
			return armsflow.Errorf(armsflow.EINVALID, "%s: deal %d (line %d): SIPRI estimate %v is not a TIV (a number of at least 0)",
				file, i+1, d.Line, *p)
		}
		if d.ID < 0 {
			return armsflow.Errorf(armsflow.EINVALID, "%s: deal %d (line %d): SIPRI AT Database ID %d is not a positive number",
				file, i+1, d.Line, d.ID)
		}
		for k, v := range d.Deliveries {
			if v.TIV != nil && !isVolume(*v.TIV) {
				return armsflow.Errorf(armsflow.EINVALID, "%s: deal %d (line %d): delivery %d (year %d): TIV %v is not a volume (a number of at least 0)",
					file, i+1, d.Line, k+1, v.Year, *v.TIV)
			}
			if v.Units != nil && *v.Units < 0 {
				return armsflow.Errorf(armsflow.EINVALID, "%s: deal %d (line %d): delivery %d (year %d): %d units is not a number delivered",
					file, i+1, d.Line, k+1, v.Year, *v.Units)
			}
		}
	}
	return nil
}

// isVolume reports whether v can be a TIV: a number of at least 0.
func isVolume(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) && v >= 0 }

// compatible refuses to merge ds into cur when they describe different
// sources.
func compatible(cur, ds armsflow.Dataset) error {
	if cur.Kind != ds.Kind {
		return armsflow.Errorf(armsflow.ECONFLICT, "dataset %q holds %s data, not %s: import these files under another dataset name",
			cur.Name, cur.Kind, ds.Kind)
	}
	if ds.Generated != "" && cur.Generated != "" && cur.Generated != ds.Generated {
		return armsflow.Errorf(armsflow.ECONFLICT, "dataset %q was generated on %s, these files on %s: import them under another dataset name",
			cur.Name, cur.Generated, ds.Generated)
	}
	if ds.Scope != "" && cur.Scope != "" && cur.Scope != ds.Scope {
		return armsflow.Errorf(armsflow.ECONFLICT, "dataset %q covers %s, these files %s: import them under another dataset name",
			cur.Name, cur.Scope, ds.Scope)
	}
	return nil
}

// datasetDigest is the SHA-256, in hex, of the sorted digests of files
// joined by "\n".
func datasetDigest(files []armsflow.SourceFile) string {
	sums := make([]string, len(files))
	for i, f := range files {
		sums[i] = f.SHA256
	}
	sort.Strings(sums)
	h := sha256.Sum256([]byte(strings.Join(sums, "\n")))
	return hex.EncodeToString(h[:])
}

// growContent makes room in dst for the content of the fresh files of in,
// so that appending it copies each record once.
func growContent(dst *armsflow.Content, in []FileContent, fresh []int) {
	var n armsflow.Content
	var flows, world, exports, cats, deals, totals int
	for _, i := range fresh {
		c := &in[i].Content
		flows, world, exports = flows+len(c.Flows), world+len(c.World), exports+len(c.Exports)
		cats, deals, totals = cats+len(c.Categories), deals+len(c.Deals), totals+len(c.Totals)
	}
	n.Flows = slices.Grow(dst.Flows, flows)
	n.World = slices.Grow(dst.World, world)
	n.Exports = slices.Grow(dst.Exports, exports)
	n.Categories = slices.Grow(dst.Categories, cats)
	n.Deals = slices.Grow(dst.Deals, deals)
	n.Totals = slices.Grow(dst.Totals, totals)
	*dst = n
}

func appendContent(dst, src *armsflow.Content) {
	dst.Flows = append(dst.Flows, src.Flows...)
	dst.World = append(dst.World, src.World...)
	dst.Exports = append(dst.Exports, src.Exports...)
	dst.Categories = append(dst.Categories, src.Categories...)
	dst.Deals = append(dst.Deals, src.Deals...)
	dst.Totals = append(dst.Totals, src.Totals...)
}

// formatYears writes delivery years as SIPRI does: "2018; 2019".
func formatYears(ys []int) string {
	if len(ys) == 0 {
		return ""
	}
	b := make([]byte, 0, 6*len(ys))
	for i, y := range ys {
		if i > 0 {
			b = append(b, "; "...)
		}
		b = strconv.AppendInt(b, int64(y), 10)
	}
	return string(b)
}

// parseYears reads delivery years written by formatYears, or by SIPRI; it
// returns nil for none.
func parseYears(s string) ([]int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ";")
	ys := make([]int, 0, len(parts))
	for _, p := range parts {
		y, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return nil, fmt.Errorf("delivery years %q: %q is not a year", s, p)
		}
		ys = append(ys, y)
	}
	return ys, nil
}

// Datasets returns all datasets with their files: by kind, and within a
// kind the newest generated first (then by name). Files are in import order.
func (db *DB) Datasets(ctx context.Context) ([]armsflow.Dataset, error) {
	var out []armsflow.Dataset
	err := db.view(ctx, "listing datasets", func(tx *sql.Tx) error {
		var err error
		out, err = loadDatasets(ctx, tx, "", true)
		return err
	})
	return out, err
}

// DatasetHeads returns what Datasets returns without reading the files:
// every dataset's Files is nil (armsflow.HeadLister). For SIPRI's TIV
// tables that reads one row instead of 262, and takes a fraction of the
// time (docs/benchmarks.md, "Cold commands"). One statement sees one state
// of the library: no transaction needed.
func (db *DB) DatasetHeads(ctx context.Context) ([]armsflow.Dataset, error) {
	return loadDatasets(ctx, db.rdb, "", false)
}

// loadDataset returns the dataset named name with its files, and whether it
// exists.
func loadDataset(ctx context.Context, q querier, name string) (armsflow.Dataset, bool, error) {
	dss, err := loadDatasets(ctx, q, name, true)
	if err != nil || len(dss) == 0 {
		return armsflow.Dataset{}, false, err
	}
	return dss[0], true, nil
}

// loadDatasets returns the dataset named name, or all when name is "",
// with their files when files is true and with Files nil when not. With
// files, q should see one state of the library for both of its queries
// (a transaction).
func loadDatasets(ctx context.Context, q querier, name string, files bool) ([]armsflow.Dataset, error) {
	where, args := "", []any{}
	if name != "" {
		where, args = "WHERE name = ?", []any{name}
	}
	rows, err := q.QueryContext(ctx, `SELECT name, kind, generated, sha256, records, imported_at, scope,
		coverage_from, coverage_to, coverage_partial_from, views, yearly_tiv FROM datasets `+where+`
		ORDER BY kind, generated DESC, name`, args...)
	if err != nil {
		return nil, wrap(err, "reading datasets")
	}
	defer rows.Close()
	dss := []armsflow.Dataset{}
	index := map[string]int{}
	for rows.Next() {
		var d armsflow.Dataset
		var at, views string
		if err := rows.Scan(&d.Name, &d.Kind, &d.Generated, &d.SHA256, &d.Records, &at, &d.Scope,
			&d.Coverage.From, &d.Coverage.To, &d.Coverage.PartialFrom, &views, &d.YearlyTIV); err != nil {
			return nil, wrap(err, "reading datasets")
		}
		d.Views = parseViews(views)
		if at != "" {
			if d.ImportedAt, err = parseTime(at); err != nil {
				return nil, wrap(err, "dataset %q: reading imported_at", d.Name)
			}
		}
		if files {
			d.Files = []armsflow.SourceFile{}
		}
		index[d.Name] = len(dss)
		dss = append(dss, d)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "reading datasets")
	}
	rows.Close()
	if len(dss) == 0 || !files {
		return dss, nil
	}
	where = ""
	if name != "" {
		where = "WHERE dataset = ?"
	}
	rows, err = q.QueryContext(ctx, `SELECT dataset, name, sha256, bytes, records, subject FROM dataset_files `+where+`
		ORDER BY dataset, id`, args...)
	if err != nil {
		return nil, wrap(err, "reading dataset files")
	}
	defer rows.Close()
	for rows.Next() {
		var ds string
		var f armsflow.SourceFile
		if err := rows.Scan(&ds, &f.Name, &f.SHA256, &f.Bytes, &f.Records, &f.Subject); err != nil {
			return nil, wrap(err, "reading dataset files")
		}
		if i, ok := index[ds]; ok {
			dss[i].Files = append(dss[i].Files, f)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "reading dataset files")
	}
	return dss, nil
}

// DeleteDataset deletes the dataset named name with its files and content.
// It is ENOTFOUND when there is none.
func (db *DB) DeleteDataset(ctx context.Context, name string) error {
	return db.update(ctx, fmt.Sprintf("deleting dataset %q", name), func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `DELETE FROM datasets WHERE name = ?`, name)
		if err != nil {
			return wrap(err, "deleting dataset %q", name)
		}
		if n, err := r.RowsAffected(); err != nil {
			return wrap(err, "deleting dataset %q", name)
		} else if n == 0 {
			return notFoundDataset(ctx, tx, name)
		}
		return bumpVersion(ctx, tx)
	})
}

// notFoundDataset says that dataset name does not exist, and which do.
func notFoundDataset(ctx context.Context, q querier, name string) error {
	var names []string
	rows, err := q.QueryContext(ctx, `SELECT name FROM datasets ORDER BY name`)
	if err == nil {
		defer rows.Close()
		for rows.Next() {
			var n string
			if rows.Scan(&n) == nil {
				names = append(names, n)
			}
		}
	}
	if len(names) == 0 {
		return armsflow.Errorf(armsflow.ENOTFOUND, "no dataset %q: the library has no datasets yet; import SIPRI files first", name)
	}
	return armsflow.Errorf(armsflow.ENOTFOUND, "no dataset %q: the library has %s", name, strings.Join(names, ", "))
}

// LoadContent returns the whole content of the dataset named name, in import
// order: file by file, each file's records in the order given. It is
// ENOTFOUND when there is no such dataset. Deals' DeliveryYears and
// Deliveries are nil when the register gives none.
func (db *DB) LoadContent(ctx context.Context, name string) (*armsflow.Content, error) {
	var c *armsflow.Content
	found, err := db.loadPack(ctx, name, "p.data, p.rest", func(data, rest []byte) (err error) {
		c, err = decodeStored(data, rest)
		return err
	})
	if err != nil || !found {
		return nil, err
	}
	if c != nil {
		return c, nil
	}
	return db.loadUnpacked(ctx, name)
}

// LoadFlowContent returns what the yearly flows of the dataset named name
// are built from, the same as armsflow.NewFlowContent of its LoadContent,
// but reading and decoding only the first part of its pack, without its
// deals' text and other fields: a cold query on a register costs about
// what one on TIV tables costs. It is ENOTFOUND when there is no such
// dataset.
func (db *DB) LoadFlowContent(ctx context.Context, name string) (*armsflow.FlowContent, error) {
	var c *armsflow.FlowContent
	found, err := db.loadPack(ctx, name, "p.data, NULL", func(data, _ []byte) (err error) {
		c, err = decodeStoredFlow(data)
		return err
	})
	if err != nil || !found {
		return nil, err
	}
	if c != nil {
		return c, nil
	}
	all, err := db.loadUnpacked(ctx, name)
	if err != nil {
		return nil, err
	}
	return armsflow.NewFlowContent(all), nil
}

// loadPack decodes the pack of the dataset named name with decode, given
// the columns cols of dataset_packs p (two: data and rest, or NULL for
// what is not needed). It returns false and the ENOTFOUND error when there
// is no such dataset, true and no error when there is, decode having
// either succeeded or never been called (no usable pack: the rows were
// edited, which drops it, or it is of another format). Most loads read one
// row: no transaction needed. It is decoded from the driver's copy
// (RawBytes), which saves copying it again.
func (db *DB) loadPack(ctx context.Context, name, cols string, decode func(data, rest []byte) error) (found bool, err error) {
	what := fmt.Sprintf("loading dataset %q", name)
	rows, err := db.rdb.QueryContext(ctx, `SELECT p.format, `+cols+` FROM datasets d
		LEFT JOIN dataset_packs p ON p.dataset = d.name WHERE d.name = ?`, name)
	if err != nil {
		return false, wrap(err, "%s", what)
	}
	defer rows.Close()
	if !rows.Next() {
		// Closed before the next query, which then finds this connection
		// free instead of opening another.
		if err := cmp.Or(rows.Err(), rows.Close()); err != nil {
			return false, wrap(err, "%s", what)
		}
		return false, notFoundDataset(ctx, db.rdb, name)
	}
	var format sql.NullInt64
	var data, rest sql.RawBytes
	if err := rows.Scan(&format, &data, &rest); err != nil {
		return false, wrap(err, "%s", what)
	}
	if format.Valid && format.Int64 == packFormat && decode(data, rest) == nil {
		return true, nil
	}
	if err := rows.Close(); err != nil {
		return false, wrap(err, "%s", what)
	}
	return true, nil
}

// loadUnpacked reads the content of the dataset named name from its rows:
// the rows were edited (which drops the pack), or the pack is of another
// format.
func (db *DB) loadUnpacked(ctx context.Context, name string) (c *armsflow.Content, err error) {
	err = db.view(ctx, fmt.Sprintf("loading dataset %q", name), func(tx *sql.Tx) error {
		if _, ok, err := loadDataset(ctx, tx, name); err != nil {
			return err
		} else if !ok {
			return notFoundDataset(ctx, tx, name)
		}
		c, err = loadRows(ctx, tx, name)
		return err
	})
	return c, err
}

// loadContent returns the content of an existing dataset from its pack, or
// from its rows when it has no usable pack.
func (db *DB) loadContent(ctx context.Context, q querier, name string) (*armsflow.Content, error) {
	var data, rest []byte
	err := q.QueryRowContext(ctx, `SELECT data, rest FROM dataset_packs WHERE dataset = ? AND format = ?`, name, packFormat).Scan(&data, &rest)
	if err == nil {
		if c, err := decodeStored(data, rest); err == nil {
			return c, nil
		}
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, wrap(err, "loading dataset %q", name)
	}
	return loadRows(ctx, q, name)
}

// interner shares one string per distinct name read.
type interner map[string]string

func (in interner) get(b []byte) string {
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	in[s] = s
	return s
}

// loadRows reads a dataset's content from the relational tables, in the
// order loadContent documents.
func loadRows(ctx context.Context, q querier, name string) (*armsflow.Content, error) {
	c := &armsflow.Content{}
	in := interner{}
	fail := func(err error, table string) error { return wrap(err, "loading dataset %q: reading %s", name, table) }

	var sup, rec, side, country, category sql.RawBytes
	err := loadSeries(ctx, q, `SELECT supplier, recipient, years FROM flow_series WHERE dataset = ? ORDER BY file, rowid`, name,
		[]any{&sup, &rec}, func(year int, tiv float64) {
			c.Flows = append(c.Flows, armsflow.Flow{Supplier: in.get(sup), Recipient: in.get(rec), Year: year, TIV: tiv})
		})
	if err != nil {
		return nil, fail(err, "flow_series")
	}
	err = loadSeries(ctx, q, `SELECT recipient, years FROM world_series WHERE dataset = ? ORDER BY file, rowid`, name,
		[]any{&rec}, func(year int, tiv float64) {
			c.World = append(c.World, armsflow.Flow{Recipient: in.get(rec), Year: year, TIV: tiv})
		})
	if err != nil {
		return nil, fail(err, "world_series")
	}
	err = loadSeries(ctx, q, `SELECT side, country, category, years FROM category_series WHERE dataset = ? ORDER BY file, rowid`, name,
		[]any{&side, &country, &category}, func(year int, tiv float64) {
			c.Categories = append(c.Categories, armsflow.CategoryFlow{Side: in.get(side), Country: in.get(country),
				Category: in.get(category), Year: year, TIV: tiv})
		})
	if err != nil {
		return nil, fail(err, "category_series")
	}
	err = loadSeries(ctx, q, `SELECT supplier, years FROM export_series WHERE dataset = ? ORDER BY file, rowid`, name,
		[]any{&sup}, func(year int, tiv float64) {
			c.Exports = append(c.Exports, armsflow.Flow{Supplier: in.get(sup), Year: year, TIV: tiv})
		})
	if err != nil {
		return nil, fail(err, "export_series")
	}
	err = loadSeries(ctx, q, `SELECT side, party, years FROM total_series WHERE dataset = ? ORDER BY file, rowid`, name,
		[]any{&side, &country}, func(year int, tiv float64) {
			c.Totals = append(c.Totals, armsflow.Total{Side: in.get(side), Party: in.get(country), Year: year, TIV: tiv})
		})
	if err != nil {
		return nil, fail(err, "total_series")
	}

	rows, err := q.QueryContext(ctx, `SELECT file, deals FROM deal_chunks WHERE dataset = ? ORDER BY file, rowid`, name)
	if err != nil {
		return nil, fail(err, "deal_chunks")
	}
	defer rows.Close()
	for rows.Next() {
		var file int64
		var chunk string
		if err := rows.Scan(&file, &chunk); err != nil {
			return nil, fail(err, "deal_chunks")
		}
		deals, err := parseDeals(chunk, in)
		if err != nil {
			return nil, armsflow.Errorf(armsflow.EINVALID, "dataset %q: deals of file %d (deal_chunks): %v", name, file, err)
		}
		c.Deals = append(c.Deals, deals...)
	}
	if err := rows.Err(); err != nil {
		return nil, fail(err, "deal_chunks")
	}
	return c, nil
}
