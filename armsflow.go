// Package armsflow holds the domain of armsflow: the parties of arms transfers,
// yearly flows of SIPRI trend-indicator values (TIV), trade-register deals,
// cooperation events, datasets with their provenance, and application errors.
//
// Data flows one way through the subpackages: files are parsed by sipri/,
// kept by sqlite/, queried by engine/ and presented by report/, chart/ and
// http/. This package imports none of them.
package armsflow

import (
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
}

// Content is everything parsed from one or more source files of one dataset.
type Content struct {
	Flows      []Flow         // dyadic yearly TIV
	World      []Flow         // the world table's rows: Supplier is "" and Recipient the importer
	Categories []CategoryFlow // per-country, per-category yearly TIV
	Deals      []Deal         // trade-register records
}

// Records counts the records of all kinds in c.
func (c *Content) Records() int {
	return len(c.Flows) + len(c.World) + len(c.Categories) + len(c.Deals)
}
