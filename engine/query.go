package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/armsflow/armsflow"
)

// Years is an inclusive span of years; a zero bound is open and means the
// data's first or last year.
type Years struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// String writes the span as "2002-2021".
func (y Years) String() string {
	if y.From == y.To {
		return strconv.Itoa(y.From)
	}
	return fmt.Sprintf("%d-%d", y.From, y.To)
}

// ParseYears reads "2002-2021", "2002-" , "-2021" or "2014". An empty
// string is the open span.
func ParseYears(s string) (Years, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Years{}, nil
	}
	bad := armsflow.Errorf(armsflow.EINVALID, "years %q: write a span as FROM-TO, e.g. 2002-2021, or one year, e.g. 2014", s)
	num := func(t string) (int, bool) {
		t = strings.TrimSpace(t)
		if t == "" {
			return 0, true
		}
		n, err := strconv.Atoi(t)
		if err != nil || n < 1900 || n > 2200 {
			return 0, false
		}
		return n, true
	}
	a, b, found := strings.Cut(s, "-")
	if !found {
		b = a
	}
	from, ok1 := num(a)
	to, ok2 := num(b)
	if !ok1 || !ok2 || (!found && from == 0) {
		return Years{}, bad
	}
	if from != 0 && to != 0 && from > to {
		return Years{}, armsflow.Errorf(armsflow.EINVALID, "years %q: the first year is after the last", s)
	}
	return Years{From: from, To: to}, nil
}

// Period is one span of a table by period.
type Period struct {
	Label string `json:"period"` // "2002-2006"
	From  int    `json:"from"`
	To    int    `json:"to"`
}

// Periods splits y into spans of length years aligned to end at y.To, so
// that the last period is always whole; a first period shorter than length
// is kept and its label says so by its years.
func Periods(y Years, length int) []Period {
	if length <= 0 {
		length = 5
	}
	var out []Period
	for to := y.To; to >= y.From; to -= length {
		from := to - length + 1
		if from < y.From {
			from = y.From
		}
		out = append(out, Period{Label: Years{from, to}.String(), From: from, To: to})
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// Source says which data a result came from.
type Source struct {
	Dataset   string `json:"dataset"`
	Kind      string `json:"kind"`
	Generated string `json:"generated"`
	// Estimated is true when yearly flows were spread from a classic trade
	// register's deliveries, because no better dataset covers the years
	// asked (or --dataset named it).
	Estimated bool `json:"estimated"`
	// Exact is true when yearly flows are the sums of a register's exact
	// yearly TIV values (SIPRI's export option): unrounded, not estimated.
	Exact bool `json:"exact,omitempty"`
	// Coverage is the span of years the dataset answers for.
	Coverage armsflow.Coverage `json:"coverage"`
}

// Party is a party as results name it.
type Party struct {
	Name string              `json:"name"`
	Code string              `json:"code"`
	Kind armsflow.EntityKind `json:"kind"`
}

func partyOf(e armsflow.Entity) Party { return Party{Name: e.Name, Code: e.Code, Kind: e.Kind} }

// round1 rounds a percentage to one decimal, as SIPRI publishes shares.
func round1(x float64) float64 {
	if x < 0 {
		return -round1(-x)
	}
	return float64(int64(x*10+0.5)) / 10
}

// pct returns part's share of whole in percent, at full precision: views
// round it as SIPRI's fact sheets do, JSON keeps every digit.
func pct(part, whole float64) *float64 {
	if whole == 0 {
		return nil
	}
	v := 100 * part / whole
	return &v
}
