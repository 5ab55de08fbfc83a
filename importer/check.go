package importer

// This file checks a parsed file for what the parser cannot see record by
// record: a file cut short, a register that stops before its own scope,
// party names one typing error from a known party, text decoded twice
// (mojibake), and figures outside any sense. What is certainly wrong is
// refused, naming file and line; what is only suspicious is a warning, and
// warnings of this kind start with "CHECK" so that they stand out among
// SIPRI's rounding differences.

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/names"
	"github.com/armsflow/armsflow/sipri"
)

// Bounds of sane figures. SIPRI's largest deals are worth some thousands of
// millions of TIV and its world total some 45,000 a year, so a single
// figure above maxTIV is an error in the file, as are years outside
// minYear..maxYear (SIPRI's data starts in 1950) and counts of units of more
// than nine digits.
const (
	maxTIV      = 100_000
	maxTotalTIV = 10_000_000 // SIPRI's own totals sum many figures, over all years
	maxUnits    = 999_999_999
	minYear     = 1900
	maxYear     = 2200
)

// CheckPrefix starts every warning of the checks in this file.
const CheckPrefix = "CHECK: "

// appendChecks checks one parsed file and appends its warnings to warns.
// An error means the file is certainly wrong and nothing may be imported.
func appendChecks(warns []string, f File, parsed *sipri.File) ([]string, error) {
	c := &checker{name: f.Name, data: f.Data, file: parsed}
	if err := c.numbers(); err != nil {
		return warns, err
	}
	if err := c.mojibake(); err != nil {
		return warns, err
	}
	c.lastLine()
	c.registerScope()
	c.nearNames()
	for _, w := range c.warns {
		warns = append(warns, CheckPrefix+w)
	}
	return warns, nil
}

type checker struct {
	name  string
	data  []byte
	file  *sipri.File
	warns []string
}

func (c *checker) warnf(line int, format string, args ...any) {
	at := c.name
	if line > 0 {
		at += ":" + strconv.Itoa(line)
	}
	c.warns = append(c.warns, at+": "+fmt.Sprintf(format, args...))
}

func (c *checker) errorf(line int, format string, args ...any) error {
	at := c.name
	if line > 0 {
		at += ":" + strconv.Itoa(line)
	}
	return armsflow.Errorf(armsflow.EINVALID, "%s: %s", at, fmt.Sprintf(format, args...))
}

// lines is the number of lines of the file: the line of its last byte.
func (c *checker) lines() int {
	n := bytes.Count(c.data, []byte{'\n'})
	if len(c.data) > 0 && c.data[len(c.data)-1] != '\n' {
		n++
	}
	return n
}

// lastLine warns of a file whose last line has no line break: every file
// SIPRI exports ends with one, so the file may have been cut inside its
// last record, at a place where the record still reads whole (a figure cut
// from "95" to "9"). A file cut inside a field or a record is refused by
// the parser.
func (c *checker) lastLine() {
	if len(c.data) == 0 || c.data[len(c.data)-1] == '\n' || c.data[len(c.data)-1] == '\r' {
		return
	}
	c.warnf(c.lines(), "the file ends without a line break after its last line, which SIPRI's files always have: it may be cut short "+
		"(a download or copy that stopped); check the last line against SIPRI's site or download the file again")
}

// lineOf finds the line of a record by the first fields of its line, for
// records that do not carry their line: the first line whose fields, as
// CSV without quotes, begin with fields. It returns 0 when none does.
func (c *checker) lineOf(fields ...string) int {
	line := 0
	for rest := c.data; len(rest) > 0; {
		line++
		l := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			l, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if lineStarts(string(l), fields) {
			return line
		}
	}
	return 0
}

// flowLine finds the line of a flow: a TIV table's row starts with the
// supplier (the recipient in the world table), the long form's with the
// importer or the exporter, the other party and the year.
func (c *checker) flowLine(f armsflow.Flow) int {
	first, second := f.Supplier, f.Recipient
	if first == "" || c.file.Format == sipri.FormatLongImport {
		first, second = f.Recipient, f.Supplier
	}
	if c.file.Format.Kind() == armsflow.KindLong {
		if n := c.lineOf(first, second, strconv.Itoa(f.Year)); n > 0 {
			return n
		}
	}
	if n := c.lineOf(first); n > 0 {
		return n
	}
	return c.lineOfName(first)
}

func lineStarts(line string, fields []string) bool {
	for _, want := range fields {
		var f string
		f, line, _ = strings.Cut(line, ",")
		f = strings.TrimSpace(strings.Trim(strings.TrimSpace(f), `"`))
		if !strings.EqualFold(f, want) && want != "" {
			return false
		}
	}
	return true
}

// numbers refuses figures outside sane bounds: a TIV that is not finite,
// negative or above maxTIV, units of more than nine digits, a year before
// minYear or after maxYear. Such a figure would sum to +Inf, break JSON or
// answer for a year SIPRI cannot hold.
func (c *checker) numbers() error {
	ct := &c.file.Content
	badTIV := func(v float64, limit float64) bool {
		return math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > limit
	}
	badYear := func(y int) bool { return y < minYear || y > maxYear }
	tivMsg := func(v float64, what string) string {
		return fmt.Sprintf("%s of %s is not a sane TIV figure (SIPRI's figures are millions of TIV, at most some thousands for one deal or year, never above %d): "+
			"fix the figure or download the file from SIPRI again", what, strconv.FormatFloat(v, 'g', 6, 64), maxTIV)
	}
	yearMsg := func(y int, what string) string {
		return fmt.Sprintf("%s %d is outside %d-%d (SIPRI's data starts in 1950): fix the year or download the file from SIPRI again", what, y, minYear, maxYear)
	}
	flows := func(fs []armsflow.Flow) error {
		for _, f := range fs {
			if badTIV(f.TIV, maxTIV) {
				return c.errorf(c.flowLine(f), "%s", tivMsg(f.TIV, fmt.Sprintf("the TIV %s → %s in %d", f.Supplier, f.Recipient, f.Year)))
			}
			if badYear(f.Year) {
				return c.errorf(c.flowLine(f), "%s", yearMsg(f.Year, fmt.Sprintf("the year of %s → %s", f.Supplier, f.Recipient)))
			}
		}
		return nil
	}
	for _, fs := range [][]armsflow.Flow{ct.Flows, ct.World, ct.Exports} {
		if err := flows(fs); err != nil {
			return err
		}
	}
	for _, cf := range ct.Categories {
		if badTIV(cf.TIV, maxTIV) {
			return c.errorf(c.lineOf(cf.Country), "%s", tivMsg(cf.TIV, fmt.Sprintf("the TIV of %s's %s in %d", cf.Country, cf.Category, cf.Year)))
		}
		if badYear(cf.Year) {
			return c.errorf(c.lineOf(cf.Country), "%s", yearMsg(cf.Year, "the year of "+cf.Country+"'s "+cf.Category))
		}
	}
	for _, t := range ct.Totals {
		if badTIV(t.TIV, maxTotalTIV) {
			return c.errorf(0, "SIPRI's total %s for %q in %d is %s, which no total of SIPRI's reaches: fix the file or download it from SIPRI again",
				t.Side, t.Party, t.Year, strconv.FormatFloat(t.TIV, 'g', 6, 64))
		}
		if t.Year != 0 && badYear(t.Year) {
			return c.errorf(0, "%s", yearMsg(t.Year, "the year of a total"))
		}
	}
	for i := range ct.Deals {
		d := &ct.Deals[i]
		who := fmt.Sprintf("deal %s → %s %s", d.Supplier, d.Recipient, d.Designation)
		for _, v := range []struct {
			what string
			p    *float64
		}{{"TIV per unit", d.TIVUnit}, {"TIV for the total order", d.TIVTotal}, {"TIV of delivered weapons", d.TIVDelivered}, {"SIPRI estimate", d.SIPRIEstimate}} {
			if v.p != nil && badTIV(*v.p, maxTIV) {
				return c.errorf(d.Line, "%s", tivMsg(*v.p, who+": its "+v.what))
			}
		}
		for _, v := range []struct {
			what string
			p    *int
		}{{"number ordered", d.Ordered}, {"number delivered", d.Delivered}} {
			if v.p != nil && (*v.p < 0 || *v.p > maxUnits) {
				return c.errorf(d.Line, "%s: %s %d has more than nine digits: fix the number or download the file from SIPRI again", who, v.what, *v.p)
			}
		}
		if d.OrderYear != nil && badYear(*d.OrderYear) {
			return c.errorf(d.Line, "%s", yearMsg(*d.OrderYear, who+": the year of order"))
		}
		for _, y := range d.DeliveryYears {
			if badYear(y) {
				return c.errorf(d.Line, "%s", yearMsg(y, who+": the delivery year"))
			}
		}
		for _, dl := range d.Deliveries {
			if badYear(dl.Year) {
				return c.errorf(d.Line, "%s", yearMsg(dl.Year, who+": the delivery year"))
			}
			if dl.TIV != nil && badTIV(*dl.TIV, maxTIV) {
				return c.errorf(d.Line, "%s", tivMsg(*dl.TIV, fmt.Sprintf("%s: its TIV delivered in %d", who, dl.Year)))
			}
			if dl.Units != nil && (*dl.Units < 0 || *dl.Units > maxUnits) {
				return c.errorf(d.Line, "%s: %d units delivered in %d has more than nine digits: fix the number or download the file from SIPRI again", who, *dl.Units, dl.Year)
			}
		}
	}
	return nil
}

// mojibake refuses text that was UTF-8 decoded as Windows-1252 and saved
// again ("TÃ¼rkiye" for "Türkiye"): such a name becomes a new party in
// every ranking, and no SIPRI name or text has such sequences.
func (c *checker) mojibake() error {
	ct := &c.file.Content
	check := func(line int, what, s string) error {
		if fixed, ok := undoMojibake(s); ok {
			return c.errorf(line, "%s %q was decoded twice (it reads %q as UTF-8 read as Windows-1252): "+
				"the file was opened and saved with the wrong encoding; download it from SIPRI again, or save it as UTF-8 or Windows-1252 without converting",
				what, s, fixed)
		}
		return nil
	}
	seen := map[string]bool{}
	party := func(name string) error {
		if seen[name] || isASCII(name) {
			return nil
		}
		seen[name] = true
		if _, ok := undoMojibake(name); !ok {
			return nil
		}
		return check(c.lineOfName(name), "the name", name)
	}
	for _, fs := range [][]armsflow.Flow{ct.Flows, ct.World, ct.Exports} {
		for _, f := range fs {
			if err := party(f.Supplier); err != nil {
				return err
			}
			if err := party(f.Recipient); err != nil {
				return err
			}
		}
	}
	for _, cf := range ct.Categories {
		if err := party(cf.Country); err != nil {
			return err
		}
	}
	for i := range ct.Deals {
		d := &ct.Deals[i]
		for _, f := range []struct{ what, s string }{
			{"the recipient", d.Recipient}, {"the supplier", d.Supplier}, {"the designation", d.Designation},
			{"the description", d.Description}, {"the status", d.Status}, {"the comment", d.Comments}, {"the category", d.Category},
		} {
			if isASCII(f.s) {
				continue
			}
			if err := check(d.Line, f.what, f.s); err != nil {
				return err
			}
		}
	}
	return nil
}

// lineOfName finds the line of a party's name anywhere in the file, for
// messages about names of flows (whose rows do not always begin with it).
func (c *checker) lineOfName(name string) int {
	i := bytes.Index(c.data, []byte(name))
	if i < 0 {
		return 0
	}
	return bytes.Count(c.data[:i], []byte{'\n'}) + 1
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// cp1252High maps the characters of Windows-1252's bytes 0x80-0x9F back to
// their bytes; bytes 0xA0-0xFF are the code points of the same numbers.
var cp1252High = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89,
	'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95,
	'–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// undoMojibake returns s's bytes in Windows-1252 read as UTF-8, and true,
// when that is valid UTF-8 with a character beyond ASCII: then s is UTF-8
// text that was decoded as Windows-1252. Text in any real language almost
// never has that shape ("Ã" followed by a symbol such as "¼").
func undoMojibake(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	high := false
	for _, r := range s {
		switch {
		case r < 0x80:
			b = append(b, byte(r))
		case r >= 0xA0 && r <= 0xFF:
			b = append(b, byte(r))
			high = true
		default:
			x, ok := cp1252High[r]
			if !ok {
				return "", false
			}
			b = append(b, x)
			high = true
		}
	}
	if !high || !utf8.Valid(b) {
		return "", false
	}
	return string(b), true
}

// registerScope warns of a trade register whose records stop short of its
// own scope: a register "deliveries 1950-2025" whose deliveries end years
// before 2025, or a register of all countries whose recipients, in SIPRI's
// alphabetical order, stop before the end of the alphabet. Either is what a
// file cut at a line break looks like (every record whole, half of them
// missing).
func (c *checker) registerScope() {
	deals := c.file.Content.Deals
	if c.file.Format.Kind() != armsflow.KindRegister || len(deals) == 0 {
		return
	}
	last := deals[len(deals)-1].Line
	scope := c.file.Subject
	if from, to, ok := scopeYears(scope); ok {
		end := to
		if y, err := strconv.Atoi(strings.SplitN(c.file.Generated, "-", 2)[0]); err == nil && y < end {
			end = y // a register generated in 2025 may not have the deliveries of 2026 yet
		}
		latest, outside, outsideLine := 0, 0, 0
		for i := range deals {
			for _, y := range deliveryYears(&deals[i]) {
				latest = max(latest, y)
				if y < from || y > to {
					if outside == 0 {
						outsideLine = deals[i].Line
					}
					outside++
				}
			}
		}
		if latest > 0 && latest < end-2 {
			c.warnf(last, "the register's scope is %q but its latest delivery is in %d: it may be cut short; compare it with SIPRI's site or download it again", scope, latest)
		}
		if outside > 0 {
			c.warnf(outsideLine, "%s outside the register's scope %q (this one first): the file may be two exports joined, or edited; download it from SIPRI again",
				armsflow.Plural(outside, "delivery", "deliveries"), scope)
		}
	}
	if strings.HasPrefix(scope, "from ") {
		return // an export limited to some parties: its recipients may end anywhere
	}
	// SIPRI sorts the register by recipient. When this one is so sorted, a
	// register of all countries ends with Zambia and Zimbabwe, or nearly.
	prev := ""
	for i := range deals {
		r := strings.ToLower(deals[i].Recipient)
		if r < prev {
			return // not in SIPRI's order: nothing to tell
		}
		prev = r
	}
	lastRecipient := deals[len(deals)-1].Recipient
	if after := statesAfter(lastRecipient); after >= 10 {
		c.warnf(last, "the register holds the deals of all countries in SIPRI's alphabetical order, but its recipients stop at %q, "+
			"before %d states that come later (%s …): it may be cut short; compare it with SIPRI's site or download it again",
			lastRecipient, after, strings.Join(laterStates(lastRecipient, 3), ", "))
	}
}

// scopeYears reads the years of a register's scope: "deliveries 1950-2025".
func scopeYears(scope string) (from, to int, ok bool) {
	i := strings.LastIndex(scope, "deliveries ")
	if i < 0 {
		return 0, 0, false
	}
	a, b, found := strings.Cut(strings.TrimSpace(scope[i+len("deliveries "):]), "-")
	if !found {
		return 0, 0, false
	}
	from, err1 := strconv.Atoi(a)
	to, err2 := strconv.Atoi(b)
	return from, to, err1 == nil && err2 == nil && from <= to
}

func deliveryYears(d *armsflow.Deal) []int {
	if len(d.Deliveries) == 0 {
		return d.DeliveryYears
	}
	ys := make([]int, 0, len(d.Deliveries))
	for _, dl := range d.Deliveries {
		ys = append(ys, dl.Year)
	}
	return ys
}

// builtin is the registry of the parties armsflow knows, without data.
var builtin = sync.OnceValue(func() *names.Registry { return names.New() })

// states are the names of the states the registry knows, in lower case and
// sorted, for the alphabetical check.
var states = sync.OnceValue(func() []string {
	var out []string
	for _, e := range builtin().Entities() {
		if e.Kind == armsflow.EntityState {
			out = append(out, strings.ToLower(e.Name))
		}
	}
	sort.Strings(out)
	return out
})

// statesAfter counts the known states whose names sort after name.
func statesAfter(name string) int {
	s := states()
	return len(s) - sort.SearchStrings(s, strings.ToLower(name)+"\x00")
}

func laterStates(name string, n int) []string {
	var out []string
	for _, e := range builtin().Entities() {
		if e.Kind == armsflow.EntityState && strings.ToLower(e.Name) > strings.ToLower(name) && len(out) < n {
			out = append(out, e.Name)
		}
	}
	return out
}

// nearNames warns of a party name the registry does not know that is one
// typing error (two in a long name) from one it knows: "Turkye" for
// Turkey. Such a name would become a party of its own in every ranking.
func (c *checker) nearNames() {
	ct := &c.file.Content
	seen := map[string]bool{}
	type place struct {
		name string
		line int
	}
	var order []place
	add := func(name string, line int) {
		if name == "" || seen[name] {
			return
		}
		seen[name] = true
		order = append(order, place{name, line})
	}
	for _, fs := range [][]armsflow.Flow{ct.Flows, ct.World, ct.Exports} {
		for _, f := range fs {
			add(f.Supplier, 0)
			add(f.Recipient, 0)
		}
	}
	for _, cf := range ct.Categories {
		add(cf.Country, 0)
	}
	for i := range ct.Deals {
		add(ct.Deals[i].Recipient, ct.Deals[i].Line)
		add(ct.Deals[i].Supplier, ct.Deals[i].Line)
	}
	reg := builtin()
	for _, p := range order {
		near := nearParty(reg, p.name)
		if near == "" {
			continue
		}
		line := p.line
		if line == 0 {
			line = c.lineOfName(p.name)
		}
		c.warnf(line, "the party %q is not one armsflow knows, but is a typing error away from %q: if it is a misspelling, "+
			"it will count as a party of its own in every ranking; fix the name or download the file from SIPRI again", p.name, near)
	}
}

// nearParty returns the known party that name, unknown, nearly spells, or "".
func nearParty(reg *names.Registry, name string) string {
	if _, err := reg.Resolve(name); err == nil || armsflow.ErrorCode(err) != armsflow.ENOTFOUND {
		return "" // known, or ambiguous between known parties
	}
	key := looseKey(name)
	if len(key) < 5 {
		return "" // too short to tell a typing error from another name
	}
	limit := 1
	if len(key) >= 10 {
		limit = 2
	}
	for _, s := range reg.Suggest(name, 5) {
		if names.Distance(key, looseKey(s)) <= limit {
			return s
		}
	}
	return ""
}

// looseKey is a name in lower case with common accents dropped, for
// comparing spellings.
func looseKey(s string) string {
	return strings.ToLower(accents.Replace(s))
}

var accents = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "ç", "c", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "ì", "i", "î", "i", "ï", "i", "ñ", "n", "ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o",
	"ú", "u", "ù", "u", "û", "u", "ü", "u", "ý", "y", "Ü", "U", "Ö", "O", "Ä", "A", "É", "E", "Ç", "C",
)
