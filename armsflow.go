// Package armsflow holds the domain of armsflow: the parties of arms transfers,
// yearly flows of SIPRI trend-indicator values (TIV), trade-register deals,
// cooperation events, datasets with their provenance, and application errors.
//
// Data flows one way through the subpackages: files are parsed by sipri/,
// kept by sqlite/, queried by engine/ and presented by report/, chart/ and
// http/. This package imports none of them.
package armsflow

import (
	"fmt"
	"strings"
	"time"
)

// Dataset kinds: which SIPRI export a dataset was imported from.
const (
	KindTIV      = "tiv"      // TIV tables, one per recipient, plus the world table
	KindRegister = "register" // the trade register of deals
	KindLong     = "long"     // the tidy long form (Import_To, Export_From, Year, TIV)
)

// Source is the citation every figure derived from SIPRI's data carries.
const Source = "Source: SIPRI Arms Transfers Database"

// Views: what a dataset can answer, read from what its files hold. A question
// goes to a dataset that has the view it needs (and covers its years).
const (
	ViewDyads      = "dyads"      // yearly TIV per supplier and recipient
	ViewImports    = "imports"    // yearly TIV of each recipient's total imports (no suppliers)
	ViewExports    = "exports"    // yearly TIV of each supplier's total exports (no recipients)
	ViewCategories = "categories" // yearly TIV per weapon category
	ViewDeals      = "deals"      // trade-register deals
)

// RoundingNote says why sums of published figures differ from SIPRI's totals.
const RoundingNote = "TIV figures are SIPRI trend-indicator values in millions, rounded to whole millions by SIPRI; " +
	"a 0 means more than 0 and less than 0.5. Sums of rounded values may differ from SIPRI's own totals by a few units."

// EntityKind says what kind of party a name denotes.
type EntityKind string

// The kinds of party SIPRI records.
const (
	EntityState        EntityKind = "state"
	EntityNonState     EntityKind = "non_state"    // SIPRI marks these with a trailing '*'
	EntityOrganisation EntityKind = "organisation" // SIPRI marks these with a trailing '**'
	EntityUnknown      EntityKind = "unknown"      // "Unknown supplier(s)", "Unknown recipient(s)"
)

// KindOfName infers a party's kind from SIPRI's spelling of its name.
func KindOfName(name string) EntityKind {
	switch {
	case strings.HasSuffix(name, "**"):
		return EntityOrganisation
	case strings.HasSuffix(name, "*"):
		return EntityNonState
	case strings.HasPrefix(strings.ToLower(name), "unknown"):
		return EntityUnknown
	}
	return EntityState
}

// Entity is a party to transfers or events, under SIPRI's canonical spelling.
type Entity struct {
	Name      string     `json:"name"`                 // SIPRI's spelling, e.g. "Viet Nam"
	Code      string     `json:"code,omitempty"`       // ISO 3166-1 alpha-3 where one exists, e.g. "VNM"
	SIPRICode string     `json:"sipri_code,omitempty"` // SIPRI's own code, e.g. "VN"
	Kind      EntityKind `json:"kind"`
	Region    string     `json:"region,omitempty"`    // SIPRI region, e.g. "Asia and Oceania"
	Subregion string     `json:"subregion,omitempty"` // SIPRI subregion, e.g. "South East Asia"
}

// Flow is the TIV delivered from one supplier to one recipient in one year.
// A missing Flow means no deliveries; a Flow with TIV 0 means deliveries of
// less than 0.5 million TIV.
type Flow struct {
	Supplier  string  `json:"supplier"`
	Recipient string  `json:"recipient"`
	Year      int     `json:"year"`
	TIV       float64 `json:"tiv"`
}

// Trade sides of a CategoryFlow.
const (
	SideImport = "import"
	SideExport = "export"
)

// CategoryFlow is one country's imports or exports of one weapon category in
// one year, as the long form's per-category files give them.
type CategoryFlow struct {
	Side     string  `json:"side"` // SideImport or SideExport
	Country  string  `json:"country"`
	Category string  `json:"category"` // e.g. "Aircraft", "Armoured vehicles"
	Year     int     `json:"year"`
	TIV      float64 `json:"tiv"`
}

// Delivery is one delivery year of a deal, as the register with SIPRI's
// export option gives it (one row per deal and delivery year). Pointers are
// nil where the export leaves a number empty: unknown, never zero.
type Delivery struct {
	Year          int      `json:"year"`
	YearEstimate  bool     `json:"year_estimate"` // "Delivery year is estimate: Yes"
	Units         *int     `json:"units"`
	UnitsEstimate bool     `json:"units_estimate"` // "Numbers delivered is estimate: Yes"
	TIV           *float64 `json:"tiv"`            // "TIV delivery values": exact yearly TIV, in millions, unrounded
}

// Deal is one record of SIPRI's trade register. Pointers are nil where the
// register leaves a number empty: unknown, never zero. Each '?' SIPRI puts in
// its unnamed uncertainty columns is kept as the flag beside its field.
type Deal struct {
	Recipient          string   `json:"recipient"`
	Supplier           string   `json:"supplier"`
	OrderYear          *int     `json:"order_year"`
	OrderYearUncertain bool     `json:"order_year_uncertain"`
	Ordered            *int     `json:"ordered"`
	OrderedUncertain   bool     `json:"ordered_uncertain"`
	Designation        string   `json:"designation"`
	Description        string   `json:"description"`
	Delivered          *int     `json:"delivered"`
	DeliveredUncertain bool     `json:"delivered_uncertain"`
	DeliveryYears      []int    `json:"delivery_years"`
	Status             string   `json:"status"`
	Comments           string   `json:"comments"`
	TIVUnit            *float64 `json:"tiv_unit"`
	TIVTotal           *float64 `json:"tiv_total"`
	TIVDelivered       *float64 `json:"tiv_delivered"`
	// The fields below come only with SIPRI's export option (one row per
	// deal and delivery year); the classic register leaves them zero.

	// ID is the SIPRI AT Database ID; 0 where the export has none.
	ID int `json:"sipri_id,omitempty"`
	// Category is SIPRI's armament category, e.g. "Aircraft".
	Category string `json:"category,omitempty"`
	// SIPRIEstimate is the TIV of one new unit ("SIPRI estimate"); TIVUnit is
	// then the deal's unit TIV ("TIV deal unit"), lower for second-hand items.
	SIPRIEstimate *float64 `json:"sipri_estimate,omitempty"`
	// LocalProduction is "Local production" (Yes/No); nil where not given.
	LocalProduction *bool `json:"local_production,omitempty"`
	// Deliveries holds the deal's delivery years with their numbers and
	// exact TIV. When set, DeliveryYears, Delivered and TIVDelivered are
	// their summary (Delivered nil if any year's units are unknown).
	Deliveries []Delivery `json:"deliveries,omitempty"`

	// Line is the physical line of the record's start in its source file.
	Line int `json:"-"`
}

// Open reports whether the deal was ordered but not fully delivered, as far as
// the register knows.
func (d *Deal) Open() bool {
	if d.Ordered == nil {
		return d.Delivered == nil
	}
	if d.Delivered == nil {
		return true
	}
	return *d.Delivered < *d.Ordered
}

// Coverage is the span of years a dataset answers for: a TIV table's year
// columns, a register's delivery years of its export's scope. A year outside
// it is "not covered", never "no deliveries".
type Coverage struct {
	From int `json:"from"`
	To   int `json:"to"`
	// PartialFrom, when not 0, is the first covered year that was not over
	// when SIPRI generated the data (2025 in a register of October 2025):
	// covered, but its figures may still grow.
	PartialFrom int `json:"partial_from,omitempty"`
}

// IsZero reports whether c is unknown (a dataset imported before coverage
// was recorded, or one with no years).
func (c Coverage) IsZero() bool { return c.From == 0 && c.To == 0 }

// Covers reports whether every year from..to is covered.
func (c Coverage) Covers(from, to int) bool {
	return !c.IsZero() && from >= c.From && to <= c.To && from <= to
}

// Partial reports whether year is covered but was not over when the data was
// generated.
func (c Coverage) Partial(year int) bool {
	return c.PartialFrom != 0 && year >= c.PartialFrom && year <= c.To
}

// String writes c as "1950-2021", or "1950-2025 (2025 partial)".
func (c Coverage) String() string {
	if c.IsZero() {
		return "unknown"
	}
	s := fmt.Sprintf("%d-%d", c.From, c.To)
	switch {
	case c.PartialFrom != 0 && c.PartialFrom == c.To:
		s += fmt.Sprintf(" (%d partial)", c.To)
	case c.PartialFrom != 0:
		s += fmt.Sprintf(" (%d-%d partial)", c.PartialFrom, c.To)
	}
	return s
}

// SourceFile is one imported file and what it contributed.
type SourceFile struct {
	Name    string `json:"name"`    // base name as imported
	SHA256  string `json:"sha256"`  // hex digest of the file's bytes
	Bytes   int64  `json:"bytes"`   // size
	Records int    `json:"records"` // records parsed from it
	// Subject is what the file covers: a TIV table's recipient ("Viet Nam",
	// "all" for the world table), or the long form's file role.
	Subject string `json:"subject,omitempty"`
}

// Dataset is one imported SIPRI source with its provenance. Two vintages of the
// same kind are two datasets.
type Dataset struct {
	Name       string       `json:"name"`      // kind and SIPRI's generated date, e.g. "tiv-2022-04-22"
	Kind       string       `json:"kind"`      // KindTIV, KindRegister or KindLong
	Generated  string       `json:"generated"` // YYYY-MM-DD, or "" where the source gives no date
	Records    int          `json:"records"`
	SHA256     string       `json:"sha256"` // digest over the sorted digests of its files
	Files      []SourceFile `json:"files"`
	ImportedAt time.Time    `json:"imported_at"`
	Scope      string       `json:"scope,omitempty"` // e.g. the register's "deliveries 1950-2025"
	// Coverage is the span of years the dataset answers for.
	Coverage Coverage `json:"coverage"`
	// Views says what the dataset can answer (ViewDyads, ViewImports, …).
	Views []string `json:"views"`
	// YearlyTIV is true for a register whose deals carry exact TIV per
	// delivery year (SIPRI's export option): its yearly flows are exact,
	// where a classic register's are estimated.
	YearlyTIV bool `json:"yearly_tiv"`
}

// HasView reports whether the dataset can answer view.
func (d *Dataset) HasView(view string) bool {
	for _, v := range d.Views {
		if v == view {
			return true
		}
	}
	return false
}

// Total is a total SIPRI itself published (a table's Total row, the world
// total), kept apart from the records it sums: SIPRI computes it from
// unrounded values, so it may differ from the sum of the rounded rows.
type Total struct {
	Side  string  `json:"side"`  // SideImport or SideExport
	Party string  `json:"party"` // whose imports or exports; "" for the world
	Year  int     `json:"year"`
	TIV   float64 `json:"tiv"`
}

// Content is everything parsed from one or more source files of one dataset.
type Content struct {
	Flows      []Flow         // dyadic yearly TIV
	World      []Flow         // each recipient's total imports: Supplier is "" and Recipient the importer
	Exports    []Flow         // each supplier's total exports: Recipient is "" and Supplier the exporter
	Categories []CategoryFlow // per-country, per-category yearly TIV; Country "" is the world
	Deals      []Deal         // trade-register records
	Totals     []Total        // SIPRI's own totals
}

// Records counts the records of all kinds in c.
func (c *Content) Records() int {
	return len(c.Flows) + len(c.World) + len(c.Exports) + len(c.Categories) + len(c.Deals) + len(c.Totals)
}

// Views says what c can answer, in the order of the View constants.
func (c *Content) Views() []string {
	var v []string
	if len(c.Flows) > 0 {
		v = append(v, ViewDyads)
	}
	if len(c.World) > 0 || len(c.Flows) > 0 {
		v = append(v, ViewImports)
	}
	if len(c.Exports) > 0 || len(c.Flows) > 0 {
		v = append(v, ViewExports)
	}
	if len(c.Categories) > 0 {
		v = append(v, ViewCategories)
	}
	if len(c.Deals) > 0 {
		v = append(v, ViewDyads, ViewImports, ViewExports, ViewDeals)
	}
	return dedupeStrings(v)
}

func dedupeStrings(in []string) []string {
	seen := map[string]bool{}
	out := in[:0]
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
