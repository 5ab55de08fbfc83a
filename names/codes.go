package names

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/armsflow/armsflow"
)

// codesCSV is the crosswalk of SIPRI's parties to ISO 3166, UN M49 and
// Correlates of War codes; its header comment names the sources.
//
//go:embed codes.csv
var codesCSV []byte

// Codes are one party's country codes over a span of years. A nil or
// empty code is one the party does not have (a rebel group, an
// organisation, a state outside the COW state system), never a zero.
type Codes struct {
	Name      string `json:"name"`       // SIPRI's spelling, or a common English name for a COW state SIPRI never names
	SIPRICode string `json:"sipri_code"` // "" for a state SIPRI never names
	ISO3      string `json:"iso3,omitempty"`
	M49       *int   `json:"m49,omitempty"`
	COW       *int   `json:"cow,omitempty"`     // Correlates of War state number (ccode)
	COWAbb    string `json:"cow_abb,omitempty"` // Correlates of War abbreviation (stateabb)
	// From and To are the years these codes apply to the party; 0 is open.
	From int `json:"from,omitempty"`
	To   int `json:"to,omitempty"`
	// System holds the COW state's periods of membership of the state
	// system (To 0: ongoing).
	System []Span              `json:"cow_system,omitempty"`
	Note   string              `json:"note,omitempty"` // why a code is missing, or how SIPRI's party maps to COW's state
	Kind   armsflow.EntityKind `json:"kind"`
}

// Span is an inclusive span of years; To 0 is open.
type Span struct {
	From int `json:"from"`
	To   int `json:"to,omitempty"`
}

func (s Span) has(year int) bool { return year >= s.From && (s.To == 0 || year <= s.To) }

// Applies reports whether the codes apply to the party in year.
func (c *Codes) Applies(year int) bool {
	return (c.From == 0 || year >= c.From) && (c.To == 0 || year <= c.To)
}

// Member reports whether the party was a state of the COW state system in
// year: year is in the span of these codes and in a membership period.
func (c *Codes) Member(year int) bool {
	if c.COW == nil || !c.Applies(year) {
		return false
	}
	for _, s := range c.System {
		if s.has(year) {
			return true
		}
	}
	return false
}

// Code returns the code of the scheme named: "iso3", "cow", "cow_abb" or
// "m49"; "" when the party has none.
func (c *Codes) Code(scheme string) string {
	switch scheme {
	case "iso3":
		return c.ISO3
	case "cow":
		if c.COW != nil {
			return strconv.Itoa(*c.COW)
		}
	case "cow_abb":
		return c.COWAbb
	case "m49":
		if c.M49 != nil {
			return fmt.Sprintf("%03d", *c.M49)
		}
	}
	return ""
}

// CodeSchemes are the schemes Codes.Code knows, as --code takes them.
var CodeSchemes = []string{"cow", "iso3", "m49"}

// Crosswalk maps SIPRI's parties to ISO 3166-1 alpha-3, UN M49 and
// Correlates of War codes, year by year. Build it with LoadCrosswalk; it is
// immutable and safe for concurrent use.
type Crosswalk struct {
	rows    []Codes
	byName  map[string][]int // folded name → rows, in year order
	bySIPRI map[string][]int
	reg     *Registry
}

var loadCrosswalk = sync.OnceValues(func() (*Crosswalk, error) {
	return ParseCrosswalk(bytes.NewReader(codesCSV))
})

// LoadCrosswalk returns the built-in crosswalk (names/codes.csv).
func LoadCrosswalk() (*Crosswalk, error) { return loadCrosswalk() }

// ParseCrosswalk reads a crosswalk in the layout of names/codes.csv.
func ParseCrosswalk(r io.Reader) (*Crosswalk, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = 10
	header, err := cr.Read()
	if err != nil {
		return nil, armsflow.Errorf(armsflow.EINVALID, "codes.csv: no header: %v", err)
	}
	want := "name,sipri_code,iso3,m49,cow,cow_abb,from,to,cow_system,note"
	if strings.Join(header, ",") != want {
		return nil, armsflow.Errorf(armsflow.EINVALID, "codes.csv: header %q, want %q", strings.Join(header, ","), want)
	}
	cw := &Crosswalk{byName: map[string][]int{}, bySIPRI: map[string][]int{}, reg: New()}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, armsflow.Errorf(armsflow.EINVALID, "codes.csv: %v", err)
		}
		line, _ := cr.FieldPos(0)
		c, err := parseCodes(rec)
		if err != nil {
			return nil, armsflow.Errorf(armsflow.EINVALID, "codes.csv:%d: %v", line, err)
		}
		i := len(cw.rows)
		cw.rows = append(cw.rows, c)
		k := fold(c.Name)
		if prev := cw.byName[k]; len(prev) > 0 {
			last := cw.rows[prev[len(prev)-1]]
			if last.To == 0 || c.From == 0 || c.From <= last.To {
				return nil, armsflow.Errorf(armsflow.EINVALID, "codes.csv:%d: %s: spans overlap the row before; give the earlier row a 'to' year before this row's 'from'", line, c.Name)
			}
		}
		cw.byName[k] = append(cw.byName[k], i)
		if c.SIPRICode != "" {
			cw.bySIPRI[c.SIPRICode] = append(cw.bySIPRI[c.SIPRICode], i)
		}
	}
	return cw, nil
}

func parseCodes(rec []string) (Codes, error) {
	c := Codes{Name: rec[0], SIPRICode: rec[1], ISO3: rec[2], COWAbb: rec[5], Note: rec[9], Kind: armsflow.KindOfName(rec[0])}
	num := func(field, s string) (*int, error) {
		if s == "" {
			return nil, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%s %q: want a positive whole number or nothing", field, s)
		}
		return &n, nil
	}
	var err error
	if c.M49, err = num("m49", rec[3]); err != nil {
		return c, err
	}
	if c.COW, err = num("cow", rec[4]); err != nil {
		return c, err
	}
	for i, p := range []*int{&c.From, &c.To} {
		n, err := num([]string{"from", "to"}[i], rec[6+i])
		if err != nil {
			return c, err
		}
		if n != nil {
			*p = *n
		}
	}
	if rec[8] != "" {
		for _, part := range strings.Split(rec[8], ";") {
			a, b, ok := strings.Cut(part, "-")
			from, err1 := strconv.Atoi(a)
			to, err2 := 0, error(nil)
			if b != "" {
				to, err2 = strconv.Atoi(b)
			}
			if !ok || err1 != nil || err2 != nil || (to != 0 && to < from) {
				return c, fmt.Errorf("cow_system %q: write periods as 1918-1939;1945- ", rec[8])
			}
			c.System = append(c.System, Span{from, to})
		}
	}
	switch {
	case c.Name == "":
		return c, fmt.Errorf("empty name")
	case (c.COW == nil) != (c.COWAbb == ""):
		return c, fmt.Errorf("%s: give both cow and cow_abb, or neither", c.Name)
	case c.COW != nil && len(c.System) == 0:
		return c, fmt.Errorf("%s: a COW state needs its cow_system periods", c.Name)
	case c.COW == nil && c.Note == "":
		return c, fmt.Errorf("%s: say in note why the party has no COW code", c.Name)
	case c.From != 0 && c.To != 0 && c.To < c.From:
		return c, fmt.Errorf("%s: to %d is before from %d", c.Name, c.To, c.From)
	}
	return c, nil
}

// rowsOf finds the crosswalk's rows of a party by SIPRI's name in any
// vintage's spelling, by an alias, or by SIPRI code.
func (cw *Crosswalk) rowsOf(name string) []int {
	if rows := cw.byName[fold(name)]; rows != nil {
		return rows
	}
	e, ok := cw.reg.Lookup(name)
	if !ok {
		var err error
		e, err = cw.reg.Resolve(name)
		ok = err == nil
	}
	if ok {
		if rows := cw.bySIPRI[e.SIPRICode]; e.SIPRICode != "" && rows != nil {
			return rows
		}
		return cw.byName[fold(e.Name)]
	}
	return nil
}

// Lookup returns the party's codes in year; year 0 asks for its latest
// codes. ok is false when the crosswalk does not know the party, or knows
// it but not in that year (Russia before 1992, the Soviet Union after
// 1991).
func (cw *Crosswalk) Lookup(name string, year int) (Codes, bool) {
	rows := cw.rowsOf(name)
	if len(rows) == 0 {
		return Codes{}, false
	}
	if year == 0 {
		return cw.rows[rows[len(rows)-1]], true
	}
	for _, i := range rows {
		if cw.rows[i].Applies(year) {
			return cw.rows[i], true
		}
	}
	return Codes{}, false
}

// Rows returns every row of the crosswalk, in the file's order.
func (cw *Crosswalk) Rows() []Codes { return append([]Codes(nil), cw.rows...) }

// States returns the rows of the parties that were states of the COW
// state system in year, sorted by COW number.
func (cw *Crosswalk) States(year int) []Codes {
	var out []Codes
	for _, c := range cw.rows {
		if c.Member(year) {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return *out[i].COW < *out[j].COW })
	return out
}

// Missing is a party without a code of the scheme asked for, and why.
type Missing struct {
	Name   string              `json:"name"`
	Kind   armsflow.EntityKind `json:"kind"`
	Reason string              `json:"reason"`
}

// MissingCode returns the parties among names that have no code of the
// scheme named ("cow", "iso3", "m49") in any year, with the crosswalk's
// reason, or "not in the crosswalk" for a party it does not know (a name a
// newer SIPRI vintage added: report it).
func (cw *Crosswalk) MissingCode(names []string, scheme string) []Missing {
	var out []Missing
	for _, n := range names {
		rows := cw.rowsOf(n)
		if len(rows) == 0 {
			out = append(out, Missing{n, armsflow.KindOfName(n), "not in armsflow's crosswalk (names/codes.csv): please report it"})
			continue
		}
		coded := false
		for _, i := range rows {
			coded = coded || cw.rows[i].Code(scheme) != ""
		}
		if !coded {
			reason := cw.rows[rows[0]].Note
			if reason == "" {
				reason = "no " + scheme + " code known"
			}
			out = append(out, Missing{n, armsflow.KindOfName(n), reason})
		}
	}
	return out
}
