package view

import (
	"fmt"
	"strings"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/table"
)

// CountText says what a count counts: "60 states, 63 parties", or "45
// states" when every party is a state.
func CountText(states, parties int) string {
	plural := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	if states == parties {
		return plural(states, "state", "states")
	}
	return plural(states, "state", "states") + ", " + plural(parties, "party", "parties")
}

// SpanText writes a span, with the years covered when fewer: "2014-2016,
// 3 of 5 years".
func SpanText(y engine.Years, covered int) string {
	n := y.To - y.From + 1
	if covered > 0 && covered < n {
		return fmt.Sprintf("%s, %d of %d years covered", y, covered, n)
	}
	return y.String()
}

// PeriodText labels a period of a table by period: "2014-2016, 3 of 5
// years" for a short one.
func PeriodText(label string, years, length int) string {
	if years > 0 && length > 0 && years < length {
		return fmt.Sprintf("%s, %d of %d years", label, years, length)
	}
	return label
}

// ChangeCell is a change for a table: the number (a sign, fact sheet
// rounding) or the label of a party with nothing to compare ("new",
// "gone").
func ChangeCell(pct *float64, label string) any {
	switch {
	case label == "new" || pct == nil && label != "":
		return label
	case pct == nil:
		return nil
	}
	return pct
}

// ChangeText writes a change for prose: "+92 %", "-4.6 %", "new".
func ChangeText(pct *float64, label string) string {
	if pct == nil {
		if label == "" {
			return "no change to measure"
		}
		return label
	}
	return table.Text(*pct, table.Column{Decimals: table.Change}) + " %"
}

// ShareText writes a share for prose as the fact sheets do: "39 %", "<0.1 %".
func ShareText(pct *float64) string {
	if pct == nil {
		return "no share"
	}
	return table.Text(*pct, table.Column{Decimals: table.FactSheet}) + " %"
}

// GroupNote says which members of a group were counted, and how.
func GroupNote(g *engine.GroupInfo) string {
	how := "each counted for the years it belonged"
	if g.AsOf != 0 {
		how = fmt.Sprintf("the members of %d, counted for every year", g.AsOf)
	}
	return fmt.Sprintf("%s: %d members (%s): %s.", g.Name, len(g.Members), how, strings.Join(g.Members, ", "))
}
