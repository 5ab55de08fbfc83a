package engine

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/names"
)

// EventQuery filters the cooperation timeline.
type EventQuery struct {
	Between []string `json:"between,omitempty"` // see EventRelation: all take part, or (with two or more) a sanction or war of one
	Kind    string   `json:"kind,omitempty"`
	Years   Years    `json:"years"`
	Tag     string   `json:"tag,omitempty"`
}

// EventResult is the answer to an EventQuery.
type EventResult struct {
	Query EventQuery       `json:"query"`
	Count int              `json:"count"`
	Rows  []armsflow.Event `json:"rows"`
}

func (e *Engine) allEvents(ctx context.Context) ([]armsflow.Event, error) {
	e.mu.Lock()
	loaded := e.events
	e.mu.Unlock()
	if loaded != nil {
		return *loaded, nil
	}
	evs, err := e.loader.Events(ctx)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	e.events = &evs
	e.mu.Unlock()
	return evs, nil
}

// resolveAll resolves each name with reg into its canonical spelling.
func resolveAll(reg *names.Registry, in []string) ([]string, error) {
	out := make([]string, len(in))
	for i, n := range in {
		c, err := reg.CanonicalName(n)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// Events answers q, in date order.
func (e *Engine) Events(ctx context.Context, q EventQuery) (*EventResult, error) {
	evs, err := e.allEvents(ctx)
	if err != nil {
		return nil, err
	}
	reg := names.New()
	between, err := resolveAll(reg, q.Between)
	if err != nil {
		return nil, err
	}
	if q.Kind != "" {
		ok := false
		for _, k := range armsflow.EventKinds {
			ok = ok || k == q.Kind
		}
		if !ok {
			return nil, armsflow.Errorf(armsflow.EINVALID, "--kind %q: use one of %s", q.Kind, strings.Join(armsflow.EventKinds, ", "))
		}
	}
	res := &EventResult{Query: q, Rows: []armsflow.Event{}}
	for _, ev := range evs {
		if !q.match(&ev) || len(between) > 0 && EventRelation(reg, &ev, between) == Unrelated {
			continue
		}
		res.Rows = append(res.Rows, ev)
	}
	sort.SliceStable(res.Rows, func(i, j int) bool {
		if res.Rows[i].Date != res.Rows[j].Date {
			return res.Rows[i].Date < res.Rows[j].Date
		}
		return res.Rows[i].ID < res.Rows[j].ID
	})
	res.Count = len(res.Rows)
	return res, nil
}

// match reports whether ev meets q's kind, years and tag (not its parties:
// see EventRelation). An event with an end date matches when any year from
// its date to its end lies in q.Years; an event whose date is malformed
// matches no bound. Tags compare without regard to letter case.
func (q EventQuery) match(ev *armsflow.Event) bool {
	if q.Kind != "" && ev.Kind != q.Kind {
		return false
	}
	if y := q.Years; y.From != 0 || y.To != 0 {
		first := ev.Year()
		if first == 0 {
			return false
		}
		last := first
		if ev.End != "" {
			end := armsflow.Event{Date: ev.End}
			last = max(last, end.Year())
		}
		if y.From != 0 && last < y.From || y.To != 0 && first > y.To {
			return false
		}
	}
	if q.Tag != "" && !slices.ContainsFunc(ev.Tags, func(t string) bool { return strings.EqualFold(t, q.Tag) }) {
		return false
	}
	return true
}

// Relation is how an event stands to the parties of a relationship.
type Relation int

const (
	// Unrelated events are not on the relationship's timeline.
	Unrelated Relation = iota
	// Own events are the relationship's own: every party takes part.
	Own
	// Context events constrain the relationship without being part of it:
	// a sanction or a war in which one of the parties is a party.
	Context
)

// EventRelation says how ev stands to the parties in want (canonical
// names); it is the one rule for "the events between two parties", which
// the timeline, the events query and the report all use.
//
// ev is Own when every party in want takes part, as one of its parties or
// as its actor, itself or through a predecessor state (the Soviet Union for
// Russia). With two or more parties, it is Context when it is a sanction or
// a war in which one of them is a party (Crimea and the sanctions after it
// for Russia and Viet Nam). Otherwise it is Unrelated. reg brings the
// event's own spellings to canonical names.
func EventRelation(reg *names.Registry, ev *armsflow.Event, want []string) Relation {
	canon := func(p string) string {
		if c, err := reg.CanonicalName(p); err == nil {
			return c
		}
		return p
	}
	parties := map[string]bool{}
	for _, p := range ev.Parties {
		parties[canon(p)] = true
	}
	actor := ""
	if ev.Actor != "" {
		actor = canon(ev.Actor)
	}
	in := func(name string, set func(string) bool) bool {
		if set(name) {
			return true
		}
		for _, p := range names.Predecessors(name) {
			if set(p) {
				return true
			}
		}
		return false
	}
	isParty := func(n string) bool { return parties[n] }
	takesPart := func(n string) bool { return parties[n] || n == actor }
	all, any := true, false
	for _, w := range want {
		all = all && in(w, takesPart)
		any = any || in(w, isParty)
	}
	switch {
	case all:
		return Own
	case len(want) >= 2 && any && (ev.Kind == "sanction" || ev.Kind == "conflict"):
		return Context
	}
	return Unrelated
}

// TimelineQuery asks for the chronology of a relationship: events, yearly
// TIV and deals between two parties.
type TimelineQuery struct {
	Between      []string `json:"between"` // exactly two; TIV is counted in both directions
	Years        Years    `json:"years"`
	Dataset      string   `json:"-"` // flows dataset
	DealsDataset string   `json:"-"` // register dataset
}

// TimelineEntry is one line of a timeline.
type TimelineEntry struct {
	Date  string `json:"date"` // YYYY, YYYY-MM or YYYY-MM-DD
	Year  int    `json:"year"`
	Type  string `json:"type"` // "event", "tiv" or "deal"
	Title string `json:"title"`
	// Detail is the event's summary, the TIV's direction, or the deal's terms.
	Detail  string                 `json:"detail"`
	EventID string                 `json:"event_id,omitempty"`
	Kind    string                 `json:"kind,omitempty"` // event kind
	TIV     *float64               `json:"tiv,omitempty"`
	Sources []armsflow.EventSource `json:"sources,omitempty"`
}

// TimelineResult is the answer to a TimelineQuery.
type TimelineResult struct {
	Source
	Deals   *Source         `json:"deals_dataset,omitempty"`
	Query   TimelineQuery   `json:"query"`
	Parties []Party         `json:"parties"`
	Rows    []TimelineEntry `json:"rows"`
	// StraddleSharePct is, for an estimate, the share of the yearly TIV
	// from deals delivered over more than one year.
	StraddleSharePct *float64 `json:"straddle_share_pct,omitempty"`
	Notes            []string `json:"notes"`
}

// Timeline answers q. It needs a flows dataset; deals are added when a
// trade register is imported, events when there are any.
func (e *Engine) Timeline(ctx context.Context, q TimelineQuery) (*TimelineResult, error) {
	if len(q.Between) != 2 {
		return nil, armsflow.Errorf(armsflow.EINVALID, "timeline needs --between with two parties, e.g. --between Russia \"Viet Nam\"")
	}
	ch, err := e.choose(ctx, q.Dataset, need{view: armsflow.ViewDyads, years: q.Years})
	if err != nil {
		return nil, err
	}
	fs := ch.fs
	a, err := fs.resolve(q.Between[0])
	if err != nil {
		return nil, err
	}
	b, err := fs.resolve(q.Between[1])
	if err != nil {
		return nil, err
	}
	res := &TimelineResult{Source: ch.source(), Query: q, Parties: []Party{partyOf(a.Entity), partyOf(b.Entity)},
		Rows: []TimelineEntry{}}
	evs, err := e.Events(ctx, EventQuery{Between: []string{a.Name, b.Name}, Years: q.Years})
	if err != nil {
		return nil, err
	}
	for _, ev := range evs.Rows {
		res.Rows = append(res.Rows, TimelineEntry{Date: ev.Date, Year: ev.Year(), Type: "event", Title: ev.Title,
			Detail: ev.Summary, EventID: ev.ID, Kind: ev.Kind, Sources: ev.Sources})
	}
	years := ch.years
	straddle, total := 0.0, 0.0
	for _, dir := range [][2]*party{{a, b}, {b, a}} {
		if dir[0].idx < 0 || dir[1].idx < 0 {
			continue
		}
		// An estimate holds one flow per deal and year: sum them per year.
		byYear := map[int]float64{}
		var order []int
		for _, f := range fs.span(years.From, years.To) {
			if f.Supplier == dir[0].idx && f.Recipient == dir[1].idx {
				y := int(f.Year)
				if _, ok := byYear[y]; !ok {
					order = append(order, y)
				}
				byYear[y] += f.TIV
				total += f.TIV
				if straddles(f, f.Year, f.Year) {
					straddle += f.TIV
				}
			}
		}
		for _, y := range order {
			v := byYear[y]
			res.Rows = append(res.Rows, TimelineEntry{Date: fmt.Sprint(y), Year: y, Type: "tiv",
				Title: fmt.Sprintf("TIV %s from %s to %s", fmtNum(v), dir[0].Name, dir[1].Name), Detail: "deliveries in the year (TIV, millions)", TIV: &v})
		}
	}
	res.StraddleSharePct = ch.straddleShare(straddle, total)
	res.Notes = []string{ch.note(res.StraddleSharePct)}
	if ds, err := e.pick(q.DealsDataset, armsflow.KindRegister); err == nil {
		src := Source{Dataset: ds.Name, Kind: ds.Kind, Generated: ds.Generated}
		res.Deals = &src
		for _, dir := range [][2]string{{a.Name, b.Name}, {b.Name, a.Name}} {
			dr, err := e.Deals(ctx, DealQuery{Supplier: dir[0], Recipient: dir[1], Dataset: ds.Name})
			if err != nil {
				if armsflow.ErrorCode(err) == armsflow.ENOTFOUND {
					continue
				}
				return nil, err
			}
			for _, d := range dr.Rows {
				if d.OrderYear == nil || (years.From != 0 && *d.OrderYear < years.From) || (q.Years.To != 0 && *d.OrderYear > q.Years.To) {
					continue
				}
				res.Rows = append(res.Rows, TimelineEntry{Date: fmt.Sprint(*d.OrderYear), Year: *d.OrderYear, Type: "deal",
					Title:  fmt.Sprintf("%s orders %s %s from %s", d.Recipient, numberText(d.Ordered, d.OrderedUncertain), d.Designation, d.Supplier),
					Detail: dealDetail(&d), TIV: d.TIVTotal})
			}
		}
	} else if q.DealsDataset != "" {
		return nil, err
	}
	order := map[string]int{"event": 0, "deal": 1, "tiv": 2}
	sort.SliceStable(res.Rows, func(i, j int) bool {
		x, y := res.Rows[i], res.Rows[j]
		if x.Year != y.Year {
			return x.Year < y.Year
		}
		if order[x.Type] != order[y.Type] {
			return order[x.Type] < order[y.Type]
		}
		return x.Date < y.Date
	})
	return res, nil
}

func numberText(n *int, uncertain bool) string {
	s := "an unknown number of"
	if n != nil {
		s = fmt.Sprint(*n)
	}
	if uncertain {
		s += "?"
	}
	return s
}

func dealDetail(d *armsflow.Deal) string {
	parts := []string{d.Description}
	if len(d.DeliveryYears) > 0 {
		ys := make([]string, len(d.DeliveryYears))
		for i, y := range d.DeliveryYears {
			ys[i] = fmt.Sprint(y)
		}
		parts = append(parts, fmt.Sprintf("%s delivered in %s", numberText(d.Delivered, d.DeliveredUncertain), strings.Join(ys, ", ")))
	} else {
		parts = append(parts, "no deliveries recorded")
	}
	if d.Status != "" {
		parts = append(parts, strings.ToLower(d.Status))
	}
	if d.Comments != "" {
		parts = append(parts, d.Comments)
	}
	return strings.Join(parts, "; ")
}

func fmtNum(v float64) string {
	if v == float64(int64(v)) {
		return fmt.Sprint(int64(v))
	}
	return fmt.Sprintf("%.1f", v)
}

// EventStudyQuery compares a dyad's TIV in the years before and after an
// event.
type EventStudyQuery struct {
	Between []string `json:"between"` // supplier, then recipient
	EventID string   `json:"event"`
	Window  int      `json:"window"` // years on each side, default 5
	Dataset string   `json:"-"`
}

// StudySide is one side of an event study.
type StudySide struct {
	Years    Years    `json:"years"`
	InData   int      `json:"years_in_data"` // years of the window that the dataset covers
	TotalTIV float64  `json:"total_tiv"`
	MeanTIV  *float64 `json:"mean_tiv"` // per year covered; nil when none is
}

// EventStudyResult is the answer to an EventStudyQuery.
type EventStudyResult struct {
	Source
	Query     EventStudyQuery `json:"query"`
	Event     armsflow.Event  `json:"event"`
	Supplier  Party           `json:"supplier"`
	Recipient Party           `json:"recipient"`
	Before    StudySide       `json:"before"`
	EventYear FlowRow         `json:"event_year"`
	After     StudySide       `json:"after"`
	// ChangePct is the change of the yearly mean from before to after.
	ChangePct *float64  `json:"change_pct"`
	Rows      []FlowRow `json:"rows"`
	Note      string    `json:"note"`
}

// EventStudy answers q. The event's own year belongs to neither side: an
// event in March and one in December would otherwise count alike. Its TIV is
// reported on its own.
func (e *Engine) EventStudy(ctx context.Context, q EventStudyQuery) (*EventStudyResult, error) {
	if len(q.Between) != 2 {
		return nil, armsflow.Errorf(armsflow.EINVALID, "event-study needs --between SUPPLIER RECIPIENT")
	}
	if q.Window == 0 {
		q.Window = 5
	}
	if q.Window < 1 || q.Window > 50 {
		return nil, armsflow.Errorf(armsflow.EINVALID, "--window %d: use 1 to 50 years", q.Window)
	}
	evs, err := e.allEvents(ctx)
	if err != nil {
		return nil, err
	}
	var ev *armsflow.Event
	for i := range evs {
		if evs[i].ID == q.EventID {
			ev = &evs[i]
		}
	}
	if ev == nil {
		return nil, armsflow.Errorf(armsflow.ENOTFOUND, "no event %q; list them with 'armsflow events list --between ...'", q.EventID)
	}
	y := ev.Year()
	// The windows may reach past every dataset's years: the best dataset
	// that covers most of them answers, and the years it does not cover
	// count on neither side.
	fr, err := e.Flows(ctx, FlowQuery{Supplier: q.Between[0], Recipient: q.Between[1], Years: Years{y - q.Window, y + q.Window},
		Dataset: q.Dataset, Partial: true})
	if err != nil {
		return nil, err
	}
	res := &EventStudyResult{Source: fr.Source, Query: q, Event: *ev, Supplier: *fr.Supplier, Recipient: *fr.Recipient, Rows: fr.Rows,
		Before: StudySide{Years: Years{y - q.Window, y - 1}}, After: StudySide{Years: Years{y + 1, y + q.Window}},
		Note: "The event's year is in neither window; means are per year that the dataset covers. " + fr.Note}
	for _, row := range fr.Rows {
		covered := row.Covered
		switch {
		case row.Year == y:
			res.EventYear = row
		case row.Year < y && covered:
			res.Before.TotalTIV += row.TIV
			res.Before.InData++
		case row.Year > y && covered:
			res.After.TotalTIV += row.TIV
			res.After.InData++
		}
	}
	for _, s := range []*StudySide{&res.Before, &res.After} {
		if s.InData > 0 {
			m := s.TotalTIV / float64(s.InData)
			s.MeanTIV = &m
		}
	}
	if res.Before.MeanTIV != nil && res.After.MeanTIV != nil && *res.Before.MeanTIV != 0 {
		c := round1(100 * (*res.After.MeanTIV - *res.Before.MeanTIV) / *res.Before.MeanTIV)
		res.ChangePct = &c
	}
	// Years past the data's end are not zeros: drop them from the rows.
	rows := res.Rows[:0:0]
	for _, row := range res.Rows {
		if row.Covered {
			rows = append(rows, row)
		}
	}
	res.Rows = rows
	return res, nil
}
