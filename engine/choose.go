package engine

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/armsflow/armsflow"
)

// The one place that decides which dataset answers a question of yearly
// TIV: the best dataset that has the view the question needs and covers
// every year asked. Better means, in this order: TIV tables (and the long
// form, SIPRI's figures as published), a register with yearly TIV values
// (SIPRI's export option: exact sums), a classic register (yearly TIV
// estimated by spreading each deal over its delivery years); within a rank
// the newest generated, then the latest imported.

// Preference ranks of the choice, best first.
const (
	prefTables    = iota // TIV tables or the long form
	prefExact            // register with yearly TIV values
	prefEstimated        // classic register: estimated
)

// preference returns d's rank in the choice.
func preference(d *armsflow.Dataset) int {
	switch {
	case d.Kind == armsflow.KindRegister && d.YearlyTIV:
		return prefExact
	case d.Kind == armsflow.KindRegister:
		return prefEstimated
	}
	return prefTables
}

// flowKinds are the kinds of dataset that answer questions of yearly TIV.
var flowKinds = []string{armsflow.KindTIV, armsflow.KindLong, armsflow.KindRegister}

func isFlowKind(kind string) bool {
	for _, k := range flowKinds {
		if k == kind {
			return true
		}
	}
	return false
}

// viewsOf returns what d can answer: its recorded views, or, for a dataset
// imported before views were recorded, what its kind always held then.
func viewsOf(d *armsflow.Dataset) []string {
	if len(d.Views) > 0 {
		return d.Views
	}
	switch d.Kind {
	case armsflow.KindTIV:
		return []string{armsflow.ViewDyads, armsflow.ViewImports, armsflow.ViewExports}
	case armsflow.KindLong:
		return []string{armsflow.ViewDyads, armsflow.ViewImports, armsflow.ViewExports, armsflow.ViewCategories}
	case armsflow.KindRegister:
		return []string{armsflow.ViewDyads, armsflow.ViewImports, armsflow.ViewExports, armsflow.ViewDeals}
	}
	return nil
}

func hasView(d *armsflow.Dataset, view string) bool {
	for _, v := range viewsOf(d) {
		if v == view {
			return true
		}
	}
	return false
}

// viewText says what a view holds, and which of SIPRI's files gives it.
var viewText = map[string]struct{ what, file string }{
	armsflow.ViewDyads: {"yearly TIV per supplier and recipient",
		"SIPRI's TIV tables per recipient (rows are suppliers) or a trade register ('armsflow fetch')"},
	armsflow.ViewImports: {"each recipient's yearly imports",
		"SIPRI's TIV table of all recipients (\"Volume of transfers of major arms\" with a 'Recipient' column), TIV tables per recipient, or a trade register ('armsflow fetch')"},
	armsflow.ViewExports: {"each supplier's yearly exports",
		"SIPRI's TIV table of all suppliers (\"Volume of transfers of major arms\" with an 'Exports by' column), TIV tables per recipient, or a trade register ('armsflow fetch')"},
}

// candidates returns the datasets that answer questions of yearly TIV, best
// first.
func (e *Engine) candidates() []*armsflow.Dataset {
	var out []*armsflow.Dataset
	for i := range e.datasets {
		if isFlowKind(e.datasets[i].Kind) {
			out = append(out, &e.datasets[i])
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if pa, pb := preference(a), preference(b); pa != pb {
			return pa < pb
		}
		if a.Generated != b.Generated {
			return a.Generated > b.Generated
		}
		return a.ImportedAt.After(b.ImportedAt)
	})
	return out
}

// need is what a question asks of a dataset.
type need struct {
	view    string
	years   Years // as asked; zero bounds are open
	partial bool  // accept a dataset that covers only some of the years
	hint    string
}

// choice is the dataset chosen for a question, with its years.
type choice struct {
	fs    *flowSet
	years Years // the years asked, open bounds filled from the coverage
	cov   armsflow.Coverage
	// reason says why an estimate was chosen; "" for exact data.
	reason string
}

// fill closes y's open bounds with cov's.
func fill(y Years, cov armsflow.Coverage) Years {
	if y.From == 0 {
		y.From = cov.From
	}
	if y.To == 0 {
		y.To = cov.To
	}
	return y
}

// overlap counts the years of y that cov covers.
func overlap(y Years, cov armsflow.Coverage) int {
	if cov.IsZero() {
		return 0
	}
	return max(0, min(y.To, cov.To)-max(y.From, cov.From)+1)
}

// askedText writes the years asked as a user reads them.
func askedText(y Years) string {
	switch {
	case y.From == 0 && y.To == 0:
		return "all years"
	case y.From == 0:
		return fmt.Sprintf("the years up to %d", y.To)
	case y.To == 0:
		return fmt.Sprintf("the years from %d", y.From)
	}
	if y.From == y.To {
		return "the year " + y.String()
	}
	return "years " + y.String()
}

// choose picks the dataset for a question: the one pinned (still checked
// for view and coverage), or the best one that has the view and covers
// every year asked. An open bound takes the coverage of the dataset tried:
// "2020-" is answered by the TIV tables of 1950-2021 as 2020-2021, since
// they come first and cover it; the answer names its years and coverage.
func (e *Engine) choose(ctx context.Context, pinned string, n need) (*choice, error) {
	if n.years.From != 0 && n.years.To != 0 && n.years.From > n.years.To {
		return nil, armsflow.Errorf(armsflow.EINVALID, "years %d-%d: the first year is after the last", n.years.From, n.years.To)
	}
	cands := e.candidates()
	if pinned != "" {
		return e.choosePinned(ctx, pinned, n, cands)
	}
	var withView []*armsflow.Dataset
	for _, d := range cands {
		if hasView(d, n.view) {
			withView = append(withView, d)
		}
	}
	if len(withView) == 0 {
		return nil, e.viewError(n.view, cands)
	}
	var best *armsflow.Dataset
	var bestCov armsflow.Coverage
	bestN := 0
	for i, d := range withView {
		cov, err := e.coverage(ctx, d)
		if err != nil {
			return nil, err
		}
		y := fill(n.years, cov)
		if cov.Covers(y.From, y.To) {
			return e.chosen(ctx, d, y, cov, e.estimateReason(d, withView[:i], y, ""))
		}
		if k := overlap(y, cov); k > bestN {
			best, bestCov, bestN = d, cov, k
		}
	}
	if n.partial && best != nil {
		y := fill(n.years, bestCov)
		reason := ""
		if preference(best) == prefEstimated {
			reason = fmt.Sprintf("the dataset that covers most of %s", y)
		}
		return e.chosen(ctx, best, y, bestCov, reason)
	}
	err := e.notCovered(ctx, n, withView, "")
	return nil, e.viewHint(ctx, err, n, cands)
}

// viewHint adds to a not-covered error the datasets that cover the years
// but cannot answer this question, and which file would.
func (e *Engine) viewHint(ctx context.Context, err error, n need, cands []*armsflow.Dataset) error {
	var names []string
	for _, d := range cands {
		if hasView(d, n.view) {
			continue
		}
		cov, cerr := e.coverage(ctx, d)
		if cerr != nil {
			return cerr
		}
		if y := fill(n.years, cov); cov.Covers(y.From, y.To) {
			names = append(names, d.Name)
		}
	}
	ae, ok := err.(*armsflow.Error)
	if len(names) == 0 || !ok || ae.Code != armsflow.ENOTCOVERED {
		return err
	}
	vt := viewText[n.view]
	ae.Message += fmt.Sprintf(" %s covers these years but cannot answer this question, which needs %s: import %s.",
		strings.Join(names, " and "), vt.what, vt.file)
	return ae
}

func (e *Engine) choosePinned(ctx context.Context, pinned string, n need, cands []*armsflow.Dataset) (*choice, error) {
	var d *armsflow.Dataset
	for i := range e.datasets {
		if e.datasets[i].Name == pinned {
			d = &e.datasets[i]
		}
	}
	switch {
	case d == nil:
		return nil, armsflow.Errorf(armsflow.ENOTFOUND, "no dataset named %q; run 'armsflow datasets' to list them", pinned)
	case !isFlowKind(d.Kind):
		return nil, armsflow.Errorf(armsflow.EINVALID,
			"dataset %q is a %s dataset, but this question needs TIV tables, the long form or a trade register", pinned, d.Kind)
	case !hasView(d, n.view):
		vt := viewText[n.view]
		return nil, armsflow.Errorf(armsflow.EINVALID,
			"dataset %q cannot answer this question: it needs %s, which %s does not hold; import %s",
			pinned, vt.what, pinned, vt.file)
	}
	cov, err := e.coverage(ctx, d)
	if err != nil {
		return nil, err
	}
	y := fill(n.years, cov)
	if cov.Covers(y.From, y.To) || (n.partial && overlap(y, cov) > 0) {
		return e.chosen(ctx, d, y, cov, e.estimateReason(d, nil, y, pinned))
	}
	var withView []*armsflow.Dataset
	for _, c := range cands {
		if hasView(c, n.view) {
			withView = append(withView, c)
		}
	}
	return nil, e.notCovered(ctx, n, withView, pinned)
}

// chosen builds the answer's choice, loading the dataset's flows.
func (e *Engine) chosen(ctx context.Context, d *armsflow.Dataset, y Years, cov armsflow.Coverage, reason string) (*choice, error) {
	fs, err := e.flowSet(ctx, *d)
	if err != nil {
		return nil, err
	}
	return &choice{fs: fs, years: y, cov: cov, reason: reason}, nil
}

// estimateReason says why an estimate answers: the user pinned it, or no
// better dataset covers the years (better ones were tried first), or the
// library holds no better one.
func (e *Engine) estimateReason(d *armsflow.Dataset, tried []*armsflow.Dataset, y Years, pinned string) string {
	if preference(d) != prefEstimated {
		return ""
	}
	switch {
	case pinned != "":
		return "chosen with --dataset"
	case len(tried) > 0:
		return fmt.Sprintf("no TIV table or register with yearly values in the library covers %s", y)
	}
	return "the library holds no TIV table or register with yearly values that answers this question"
}

// notCovered is the error for years that no dataset (or not the pinned one)
// covers: it names every dataset's coverage and the ways out.
func (e *Engine) notCovered(ctx context.Context, n need, withView []*armsflow.Dataset, pinned string) error {
	var list []string
	var covering []string // datasets that cover all the years asked
	for _, d := range withView {
		cov, err := e.coverage(ctx, d)
		if err != nil {
			return err
		}
		list = append(list, fmt.Sprintf("%s covers %s%s", d.Name, cov, qualityText(d)))
		y := fill(n.years, cov)
		if d.Name != pinned && cov.Covers(y.From, y.To) {
			covering = append(covering, d.Name)
		}
	}
	var b strings.Builder
	if pinned != "" {
		fmt.Fprintf(&b, "dataset %s does not cover %s. ", pinned, askedText(n.years))
	} else {
		fmt.Fprintf(&b, "no dataset in the library covers %s. ", askedText(n.years))
	}
	b.WriteString(strings.Join(list, "; ") + ". ")
	if len(covering) > 0 {
		fmt.Fprintf(&b, "%s covers them: leave out --dataset and armsflow chooses the best dataset that covers the years (an estimate when only a classic register does), or name it with --dataset %s; ",
			covering[0], covering[0])
		b.WriteString("or ")
	} else {
		b.WriteString("Ways out: ")
	}
	b.WriteString("ask for years a dataset covers (--years), run 'armsflow fetch' for SIPRI's current register, or import newer SIPRI files")
	if pinned == "" {
		b.WriteString(" (a register estimated from deliveries is chosen by itself when it is the only one that covers the years; --dataset NAME pins one)")
	}
	if n.hint != "" {
		b.WriteString("; " + n.hint)
	}
	b.WriteString(".")
	return armsflow.Errorf(armsflow.ENOTCOVERED, "%s", b.String())
}

// qualityText says how exact a dataset's yearly TIV is, for messages.
func qualityText(d *armsflow.Dataset) string {
	switch preference(d) {
	case prefExact:
		return ", exact from a register with yearly TIV"
	case prefEstimated:
		return ", estimated from a classic register"
	}
	return ""
}

// viewError says that no dataset has the view a question needs, and which
// file would answer it.
func (e *Engine) viewError(view string, cands []*armsflow.Dataset) error {
	vt := viewText[view]
	if len(cands) == 0 {
		return armsflow.Errorf(armsflow.ENOTFOUND,
			"the library has no TIV tables or trade register; download SIPRI's TIV tables or trade register as CSV from https://www.sipri.org/databases/armstransfers and import them, e.g. 'armsflow import ~/Downloads/sipri/', or run 'armsflow fetch'")
	}
	var held []string
	for _, d := range cands {
		var what []string
		for _, v := range viewsOf(d) {
			if t, ok := viewText[v]; ok {
				what = append(what, t.what)
			}
		}
		held = append(held, fmt.Sprintf("%s holds %s", d.Name, strings.Join(what, " and ")))
	}
	return armsflow.Errorf(armsflow.EINVALID, "no dataset in the library answers this question: it needs %s (%s); import %s",
		vt.what, strings.Join(held, "; "), vt.file)
}

// scopeYears reads a register's scope as armsflow words it: "deliveries
// 1950-2025".
// Compiled on first use: every command links the engine, few read a scope.
var scopeYears = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`deliveries (\d{4})-(\d{4})`) })

// coverage returns d's coverage: as recorded, or, for a dataset imported
// before coverage was recorded, derived as the importer does now: a TIV
// table's years, a register's delivery years of its scope (or of its
// deliveries up to the year it was generated), the generated year partial
// when the data was generated before it was over.
func (e *Engine) coverage(ctx context.Context, d *armsflow.Dataset) (armsflow.Coverage, error) {
	if !d.Coverage.IsZero() {
		return d.Coverage, nil
	}
	fs, err := e.flowSet(ctx, *d)
	if err != nil {
		return armsflow.Coverage{}, err
	}
	return fs.cov, nil
}

// deriveCoverage is coverage for a dataset that has none recorded, from its
// content's years.
func deriveCoverage(d armsflow.Dataset, minYear, maxYear int) armsflow.Coverage {
	if d.Kind != armsflow.KindRegister {
		if minYear == 0 {
			return armsflow.Coverage{}
		}
		return armsflow.Coverage{From: minYear, To: maxYear}
	}
	gen, _ := strconv.Atoi(strings.SplitN(d.Generated, "-", 2)[0])
	cov := armsflow.Coverage{From: minYear, To: maxYear}
	if m := scopeYears().FindStringSubmatch(d.Scope); m != nil {
		cov.From, _ = strconv.Atoi(m[1])
		cov.To, _ = strconv.Atoi(m[2])
	} else if gen != 0 && minYear != 0 {
		// No scope of years: its deliveries up to the year it was generated.
		cov.To = gen
	}
	if gen == cov.To && !strings.HasSuffix(d.Generated, "-12-31") {
		cov.PartialFrom = gen
	}
	if cov.From == 0 || cov.To == 0 {
		return armsflow.Coverage{}
	}
	return cov
}

// source describes the dataset an answer came from.
func (ch *choice) source() Source {
	d := ch.fs.ds
	return Source{Dataset: d.Name, Kind: d.Kind, Generated: d.Generated, Estimated: ch.fs.estimated, Exact: ch.fs.exact, Coverage: ch.cov}
}

// clean rounds a sum of exact yearly values to four decimals, dropping the
// binary noise of adding values such as 2463.25 (1645.9500000000003); sums
// of whole numbers are left as they are, estimates keep every digit.
func (ch *choice) clean(v float64) float64 {
	if !ch.fs.exact {
		return v
	}
	return math.Round(v*1e4) / 1e4
}

// note says how exact an answer's figures are, once: as SIPRI published
// them (rounded), summed from a register's yearly values (exact), or
// estimated, with the share of the TIV where the even split can be wrong.
func (ch *choice) note(straddle *float64) string {
	fs := ch.fs
	var s string
	switch {
	case fs.estimated:
		s = fmt.Sprintf("Estimated: yearly TIV spread evenly over each deal's delivery years from %s (classic trade register)", fs.ds.Name)
		if ch.reason != "" {
			s += ", " + ch.reason
		}
		s += "."
		if straddle != nil {
			s += fmt.Sprintf(" %s %% of this TIV comes from deals whose deliveries extend beyond a row's years, where the even split can be wrong.",
				strconv.FormatFloat(*straddle, 'f', -1, 64))
		}
		s += " TIV figures are SIPRI trend-indicator values in millions."
	case fs.exact:
		s = fmt.Sprintf("TIV figures are SIPRI trend-indicator values in millions: sums of the yearly delivery values of %s (SIPRI's register with yearly TIV), not rounded.", fs.ds.Name)
	default:
		s = armsflow.RoundingNote
	}
	return s + ch.partialNote(ch.years)
}

// partialNote names the years of y that are covered but were not over when
// the data was generated, and the years it does not cover.
func (ch *choice) partialNote(y Years) string {
	var part []string
	for yr := y.From; yr <= y.To; yr++ {
		if ch.cov.Partial(yr) {
			part = append(part, strconv.Itoa(yr))
		}
	}
	s := ""
	if len(part) > 0 {
		gen := ch.fs.ds.Generated
		if gen == "" {
			gen = "an unknown date"
		}
		verb := "is"
		if len(part) > 1 {
			verb = "are"
		}
		s += fmt.Sprintf(" %s %s partial: %s was generated on %s, before the year was over, and its figures may still grow.",
			strings.Join(part, ", "), verb, ch.fs.ds.Name, gen)
	}
	if y.From < ch.cov.From || y.To > ch.cov.To {
		s += fmt.Sprintf(" Not covered: the years of %s outside %s's coverage (%s), which are no data, not no deliveries.",
			y, ch.fs.ds.Name, ch.cov)
	}
	return s
}

// covered reports whether every year of from..to is covered.
func (ch *choice) covered(from, to int) bool { return ch.cov.Covers(from, to) }

// partialYears lists the partial years of from..to.
func (ch *choice) partialYears(from, to int) []int {
	var out []int
	for y := from; y <= to; y++ {
		if ch.cov.Partial(y) {
			out = append(out, y)
		}
	}
	return out
}

// partial reports whether any year of from..to is partial.
func (ch *choice) partial(from, to int) bool {
	for y := from; y <= to; y++ {
		if ch.cov.Partial(y) {
			return true
		}
	}
	return false
}

// straddleShare returns the percentage of tiv that straddling TIV is, for
// an estimated answer; nil otherwise or when there is no TIV.
func (ch *choice) straddleShare(straddle, tiv float64) *float64 {
	if !ch.fs.estimated {
		return nil
	}
	// A measure of the estimate's quality, not a share of a total: one
	// decimal is all it means.
	v := pct(straddle, tiv)
	if v != nil {
		*v = round1(*v)
	}
	return v
}

// DatasetsCovered lists the library's datasets as Datasets does, each with
// its coverage and views as the choice sees them: recorded, or derived from
// its content for a dataset imported before they were recorded (which
// loads that content).
func (e *Engine) DatasetsCovered(ctx context.Context) ([]armsflow.Dataset, error) {
	all, err := e.Datasets(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]armsflow.Dataset, len(all))
	copy(out, all) // in the order of e.datasets
	for i := range out {
		d := &out[i]
		if !isFlowKind(d.Kind) {
			continue
		}
		if len(d.Views) == 0 {
			d.Views = viewsOf(d)
		}
		cov, err := e.coverage(ctx, &e.datasets[i])
		if err != nil {
			return nil, err
		}
		d.Coverage = cov
	}
	return out, nil
}
