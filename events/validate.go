package events

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/armsflow/armsflow"
)

// Validate checks every event of evs, read from the file name, and returns
// them with canonical names, or one *armsflow.Error (EINVALID) whose message
// lists every problem found, one a line, as
//
//	name:line: event "id": what is wrong
//
// (without ":line" for events not read from a file). The rules:
//
//   - id: present, a slug of a-z, 0-9 and "-", unique in evs;
//   - date: YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date, written to
//     its Precision ("year", "month", "day"); an empty Precision is inferred
//     from the date's form and set;
//   - end: empty, or a date of one of the same forms that is not before date;
//   - kind: one of armsflow.EventKinds; title: not blank;
//   - parties: at least two different ones; every party, the actor and the
//     supplier and recipient of every deal ref are passed to resolve, and
//     replaced with the canonical name it returns, or reported with the
//     message of its error (a nil resolve takes every name as it is);
//   - sources: at least one, each with a title, a publisher and an absolute
//     http(s) URL with a host; its date, when set, of the forms of an event
//     date, and accessed, when set, YYYY-MM-DD;
//   - tags: not blank, without "|";
//   - deals: supplier, recipient and designation given, order_year a year
//     from 1900 to 2100.
//
// Validate does not change evs.
func Validate(name string, evs []armsflow.Event, resolve func(string) (string, error)) ([]armsflow.Event, error) {
	if resolve == nil {
		resolve = func(s string) (string, error) { return s, nil }
	}
	var problems []string
	out := make([]armsflow.Event, len(evs))
	firstAt := map[string]int{} // id → index of its first event
	for i := range evs {
		e := evs[i]
		e.Parties = append([]string(nil), e.Parties...)
		e.Sources = append([]armsflow.EventSource(nil), e.Sources...)
		e.Tags = append([]string(nil), e.Tags...)
		e.Deals = append([]armsflow.DealRef(nil), e.Deals...)
		e.NormalizeLists()
		where := name
		if e.Line > 0 {
			where = fmt.Sprintf("%s:%d", name, e.Line)
		}
		who := fmt.Sprintf("event %q", e.ID)
		if e.ID == "" {
			who = fmt.Sprintf("event #%d", i+1)
		}
		bad := func(format string, args ...any) {
			problems = append(problems, fmt.Sprintf("%s: %s: %s", where, who, fmt.Sprintf(format, args...)))
		}
		checkEvent(&e, bad, resolve)
		if e.ID != "" {
			if j, dup := firstAt[e.ID]; dup {
				at := fmt.Sprintf("event #%d", j+1)
				if evs[j].Line > 0 {
					at = fmt.Sprintf("line %d", evs[j].Line)
				}
				bad("duplicate id, first used at %s", at)
			} else {
				firstAt[e.ID] = i
			}
		}
		out[i] = e
	}
	if len(problems) > 0 {
		return nil, armsflow.Errorf(armsflow.EINVALID, "%s", strings.Join(problems, "\n"))
	}
	return out, nil
}

// checkEvent reports e's problems to bad, and sets its precision and
// canonical names.
func checkEvent(e *armsflow.Event, bad func(string, ...any), resolve func(string) (string, error)) {
	switch {
	case e.ID == "":
		bad("no id; give it a slug such as 2001-strategic-partnership")
	case !isSlug(e.ID):
		bad("id %q is not a slug: use only a-z, 0-9 and \"-\"", e.ID)
	}

	prec, ok := datePrecision(e.Date)
	switch {
	case e.Date == "":
		bad("no date; write YYYY, YYYY-MM or YYYY-MM-DD")
	case !ok:
		bad("date %q is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD", e.Date)
	case e.Precision == "":
		e.Precision = prec
	case e.Precision != armsflow.PrecisionDay && e.Precision != armsflow.PrecisionMonth && e.Precision != armsflow.PrecisionYear:
		bad("precision %q: use day, month or year (or leave it out)", e.Precision)
	case e.Precision != prec:
		bad("date %q is written to the %s but its precision is %q", e.Date, prec, e.Precision)
	}
	if e.End != "" {
		if _, endOK := datePrecision(e.End); !endOK {
			bad("end %q is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD", e.End)
		} else if ok && before(e.End, e.Date) {
			bad("end %s is before date %s", e.End, e.Date)
		}
	}

	if !validKind(e.Kind) {
		if e.Kind == "" {
			bad("no kind; use one of %s", strings.Join(armsflow.EventKinds, ", "))
		} else {
			bad("unknown kind %q; use one of %s", e.Kind, strings.Join(armsflow.EventKinds, ", "))
		}
	}
	if strings.TrimSpace(e.Title) == "" {
		bad("no title")
	}

	canon := func(what, n string) string {
		if strings.TrimSpace(n) == "" {
			bad("empty %s name", what)
			return n
		}
		c, err := resolve(n)
		if err != nil {
			if msg := err.Error(); strings.HasPrefix(msg, "unknown ") && strings.Contains(msg, strconv.Quote(n)) {
				// The resolver names it already; keep only its suggestion.
				if _, hint, ok := strings.Cut(msg, "; "); ok {
					bad("unknown %s %q; %s", what, n, hint)
				} else {
					bad("unknown %s %q", what, n)
				}
			} else {
				bad("unknown %s %q: %v", what, n, err)
			}
			return n
		}
		return c
	}
	seen := map[string]bool{}
	for i, p := range e.Parties {
		c := canon("party", p)
		e.Parties[i] = c
		if seen[c] && strings.TrimSpace(c) != "" {
			bad("party %q is listed twice", c)
		}
		seen[c] = true
	}
	if len(e.Parties) < 2 {
		bad("%s; an event needs at least two (an actor acting on them is given as actor)", armsflow.Plural(len(e.Parties), "party", "parties"))
	}
	if e.Actor != "" {
		e.Actor = canon("actor", e.Actor)
	}

	if len(e.Sources) == 0 {
		bad("no sources; give at least one with title, publisher and url")
	}
	for i, s := range e.Sources {
		n := i + 1
		if strings.TrimSpace(s.Title) == "" {
			bad("source %d has no title", n)
		}
		if strings.TrimSpace(s.Publisher) == "" {
			bad("source %d has no publisher", n)
		}
		if msg := checkURL(s.URL); msg != "" {
			bad("source %d: %s", n, msg)
		}
		if s.Date != "" {
			if _, ok := datePrecision(s.Date); !ok {
				bad("source %d: date %q is not of the form YYYY, YYYY-MM or YYYY-MM-DD", n, s.Date)
			}
		}
		if s.Accessed != "" {
			if p, ok := datePrecision(s.Accessed); !ok || p != armsflow.PrecisionDay {
				bad("source %d: accessed %q is not a date of the form YYYY-MM-DD", n, s.Accessed)
			}
		}
	}

	for _, t := range e.Tags {
		if strings.TrimSpace(t) == "" || strings.Contains(t, "|") {
			bad("tag %q: a tag is a word or two, without \"|\"", t)
		}
	}

	for i := range e.Deals {
		d := &e.Deals[i]
		n := i + 1
		if d.Supplier == "" || d.Recipient == "" || strings.TrimSpace(d.Designation) == "" {
			bad("deal %d needs supplier, recipient and designation", n)
		}
		if d.Supplier != "" {
			d.Supplier = canon("deal supplier", d.Supplier)
		}
		if d.Recipient != "" {
			d.Recipient = canon("deal recipient", d.Recipient)
		}
		if d.OrderYear < 1900 || d.OrderYear > 2100 {
			bad("deal %d: order_year %d is not a year (the year of order in the trade register)", n, d.OrderYear)
		}
	}
}

// isSlug reports whether s is made only of a-z, 0-9 and "-".
func isSlug(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// datePrecision returns the precision of the date s, written YYYY, YYYY-MM
// or YYYY-MM-DD, and whether it is such a date.
func datePrecision(s string) (string, bool) {
	var layout, prec string
	switch len(s) {
	case 4:
		layout, prec = "2006", armsflow.PrecisionYear
	case 7:
		layout, prec = "2006-01", armsflow.PrecisionMonth
	case 10:
		layout, prec = "2006-01-02", armsflow.PrecisionDay
	default:
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '-' && (s[i] < '0' || s[i] > '9') {
			return "", false
		}
	}
	if _, err := time.Parse(layout, s); err != nil {
		return "", false
	}
	return prec, true
}

// before reports whether the date end lies wholly before the date start:
// compared to the coarser of their precisions, so that "2001" is not before
// "2001-03-01".
func before(end, start string) bool {
	n := min(len(end), len(start))
	return end[:n] < start[:n]
}

func validKind(k string) bool {
	for _, c := range armsflow.EventKinds {
		if k == c {
			return true
		}
	}
	return false
}

// checkURL returns what is wrong with a source's URL, or "".
func checkURL(s string) string {
	if s == "" {
		return "no url; give the address where the source can be read"
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || strings.ContainsAny(s, " \t\r\n"):
		return fmt.Sprintf("url %q is malformed", s)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Sprintf("url %q must begin with https:// or http://", s)
	case u.Host == "" || u.Hostname() == "":
		return fmt.Sprintf("url %q has no host", s)
	}
	return ""
}
