package fetch

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Header is the header of SIPRI's trade register with the export option,
// the layout fetch asks for: one row per deal and delivery year.
var Header = []string{"SIPRI AT Database ID", "Supplier", "Recipient", "Designation", "Description",
	"Armament category", "Order date", "Order date is estimate", "Numbers delivered",
	"Numbers delivered is estimate", "Delivery year", "Delivery year is estimate", "Status",
	"SIPRI estimate", "TIV deal unit", "TIV delivery values", "Local production"}

// Columns of Header that the checks read.
const (
	colID           = 0
	colDeliveryYear = 10
	colLocal        = 16
)

// maxPreamble bounds the lines looked at for the header: SIPRI's preamble
// has 11.
const maxPreamble = 40

// titlePrefix starts the first line of every register SIPRI exports.
const titlePrefix = "Transfers of major conventional arms"

// part is one range's answer, checked: its CSV and where its pieces lie.
type part struct {
	r        Range
	data     []byte
	preamble []byte        // every line before the header, with their line ends
	header   []byte        // the header line, with its line end
	stamp    string        // what follows "Data generated:", e.g. "10 Feb 2025 10:52:58 AM"
	date     string        // the stamp's date as YYYY-MM-DD
	utf8     bool          // data is valid UTF-8 (else SIPRI's Windows-1252)
	took     time.Duration // the request's time, for a fresh answer
	rows     []row
}

// row is one record of a part: data[start:end], its line end included.
type row struct {
	start, end int
	id         int  // SIPRI AT Database ID
	noYear     bool // an order without deliveries: no delivery year
}

// answerError is an answer that is not what was asked, but may be right on
// a second try: a truncated or garbled transfer.
type answerError struct{ msg string }

func (e *answerError) Error() string { return e.msg }

// serviceError is an answer that shows SIPRI's service changed (a web page,
// an unknown JSON shape, another layout): asking again will not help.
type serviceError struct{ msg string }

func (e *serviceError) Error() string { return e.msg }

func badAnswer(format string, args ...any) error {
	return &answerError{fmt.Sprintf(format, args...)}
}

func changedService(format string, args ...any) error {
	return &serviceError{fmt.Sprintf(format, args...)}
}

// check reads one range's CSV and checks it: the register's title and its
// year range, the "Data generated" stamp, the export option's header, and
// every row: 17 fields, a SIPRI AT Database ID, a delivery year inside r,
// and a last field that is Yes, No or empty (a transfer cut inside the last
// row leaves it short). A transfer cut exactly at a row's end cannot be
// told from a complete one; SIPRI's answer carries no count to check.
func check(data []byte, r Range) (*part, error) {
	p := &part{r: r, data: data, utf8: utf8.Valid(data)}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	off := len(p.data) - len(data)
	pos := off
	headerAt := -1
	for n := 0; pos < len(p.data) && n < maxPreamble; n++ {
		end := lineEnd(p.data, pos)
		line := strings.TrimSpace(string(p.data[pos:end]))
		first, _, _ := strings.Cut(line, ",")
		first = strings.Trim(first, "\" ")
		switch {
		case n == 0:
			if !strings.HasPrefix(strings.Trim(line, "\" "), titlePrefix) {
				return nil, changedService("the answer is not SIPRI's trade register: its first line is %q", clip(line))
			}
			from, to, ok := yearRange(line)
			if !ok {
				return nil, changedService("the register's first line names no year range: %q", clip(line))
			}
			if from != strconv.Itoa(r.From) || to != strconv.Itoa(r.To) {
				return nil, changedService("the register is for the years '%s' to '%s', not %s as asked: SIPRI's service no longer filters by delivery year as armsflow asks, so asking again will not help", from, to, r)
			}
		case strings.HasPrefix(strings.ToLower(line), "data generated:"):
			p.stamp = strings.TrimSpace(line[len("data generated:"):])
			t, err := parseStamp(p.stamp)
			if err != nil {
				return nil, changedService("line %d: cannot read the date of %q", n+1, clip(line))
			}
			p.date = t.Format("2006-01-02")
		case strings.EqualFold(first, Header[0]):
			headerAt = pos
		case strings.EqualFold(first, "Recipient"):
			return nil, changedService("line %d: the register has the classic layout (%q), not the export option's", n+1, clip(line))
		}
		if headerAt >= 0 {
			p.preamble = p.data[off:pos]
			p.header = p.data[pos:next(p.data, end)]
			if err := checkHeader(line, n+1); err != nil {
				return nil, err
			}
			pos = next(p.data, end)
			break
		}
		pos = next(p.data, end)
	}
	if headerAt < 0 {
		if pos >= len(p.data) {
			return nil, badAnswer("the register ends before its header row: the answer is truncated")
		}
		return nil, changedService("no header row %q… in the first %d lines", strings.Join(Header[:3], ","), maxPreamble)
	}
	if p.stamp == "" {
		return nil, changedService("the register has no \"Data generated:\" line, so its vintage is unknown")
	}
	line := bytes.Count(p.data[:pos], []byte("\n")) + 1
	if err := p.scanRows(pos, line); err != nil {
		return nil, err
	}
	return p, nil
}

// scanRows splits the body into rows and checks each. Most rows have no
// quotes: they are split at their commas with bytes.IndexByte, which is
// several times faster than a byte loop and keeps fetch's checks a small
// part of an import. A row with a quote is split by the quote-aware loop,
// since a quoted field may hold commas and line breaks.
func (p *part) scanRows(pos, line int) error {
	d := p.data
	p.rows = make([]row, 0, (len(d)-pos)/96+1)
	var f [3][]byte // the fields checked: ID, delivery year, local production
	for pos < len(d) {
		start, startLine := pos, line
		end := lineEnd(d, pos)
		text := d[pos:end]
		var fields int
		var quoted bool
		if bytes.IndexByte(text, '"') < 0 {
			fields, f = splitPlain(bytes.TrimSuffix(text, []byte("\r")))
			end = next(d, end)
			line++
		} else {
			fields, f, end, quoted = splitQuoted(d, pos)
			line += bytes.Count(d[pos:end], []byte("\n"))
		}
		pos = end
		if quoted {
			return badAnswer("line %d: the answer ends inside a quoted field: it is truncated", startLine)
		}
		if fields == 1 && len(bytes.TrimSpace(f[0])) == 0 {
			continue // a blank line
		}
		if fields != len(Header) {
			if end == len(d) {
				return badAnswer("line %d: the last row has %d fields, not %d: the answer is truncated", startLine, fields, len(Header))
			}
			return badAnswer("line %d: %d fields, not %d as in the header", startLine, fields, len(Header))
		}
		switch l := unquote(f[2]); string(l) {
		case "Yes", "No", "":
		default:
			return badAnswer("line %d: %q for %q, not Yes or No: the row is cut short", startLine, clip(string(l)), Header[colLocal])
		}
		id, ok := atoi(unquote(f[0]))
		if !ok {
			return badAnswer("line %d: %q is not a %s", startLine, clip(string(f[0])), Header[colID])
		}
		rw := row{start: start, end: end, id: id}
		if y := unquote(f[1]); len(y) == 0 {
			rw.noYear = true
		} else if n, ok := atoi(y); !ok {
			return badAnswer("line %d: %s %q is not a year", startLine, Header[colDeliveryYear], clip(string(y)))
		} else if n < p.r.From || n > p.r.To {
			return changedService("line %d: %s %d is outside the years asked (%s): SIPRI's service no longer filters by delivery year as armsflow asks, so asking again will not help", startLine, Header[colDeliveryYear], n, p.r)
		}
		p.rows = append(p.rows, rw)
	}
	return nil
}

// splitPlain counts the fields of a line without quotes and returns the
// ones checked.
func splitPlain(text []byte) (fields int, f [3][]byte) {
	fields = bytes.Count(text, []byte(",")) + 1
	rest := text
	for i := 0; ; i++ {
		c := bytes.IndexByte(rest, ',')
		field := rest
		if c >= 0 {
			field = rest[:c]
		}
		switch i {
		case colID:
			f[0] = field
		case colDeliveryYear:
			f[1] = field
		}
		if c < 0 || i == colDeliveryYear {
			break
		}
		rest = rest[c+1:]
	}
	if fields == len(Header) {
		f[2] = text[bytes.LastIndexByte(text, ',')+1:]
	}
	return fields, f
}

// splitQuoted reads the record at pos, whose fields may be quoted, and
// returns its field count, the fields checked, where the next record
// starts, and whether the data ended inside quotes.
func splitQuoted(d []byte, pos int) (fields int, f [3][]byte, end int, quoted bool) {
	fstart := pos
	keep := func(field []byte) {
		switch fields {
		case colID:
			f[0] = field
		case colDeliveryYear:
			f[1] = field
		case colLocal:
			f[2] = field
		}
		fields++
	}
	for ; pos < len(d); pos++ {
		switch c := d[pos]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ',':
			keep(d[fstart:pos])
			fstart = pos + 1
		case c == '\n':
			keep(bytes.TrimSuffix(d[fstart:pos], []byte("\r")))
			return fields, f, pos + 1, false
		}
	}
	keep(bytes.TrimSuffix(d[fstart:], []byte("\r")))
	return fields, f, len(d), quoted
}

// atoi reads a non-negative decimal number of up to nine digits.
func atoi(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func checkHeader(line string, n int) error {
	cells := strings.Split(line, ",")
	ok := len(cells) == len(Header)
	for i := 0; ok && i < len(cells); i++ {
		ok = strings.EqualFold(strings.Trim(cells[i], "\" "), Header[i])
	}
	if !ok {
		return changedService("line %d: the header %q is not the export option's %q", n, clip(line), strings.Join(Header, ","))
	}
	return nil
}

// yearRange returns the two quoted values after "year range" in the
// register's first line: "… for the year range '2000' to '2001'".
func yearRange(line string) (from, to string, ok bool) {
	_, rest, ok := strings.Cut(line, "year range '")
	if !ok {
		return "", "", false
	}
	from, rest, ok = strings.Cut(rest, "'")
	if !ok {
		return "", "", false
	}
	_, rest, ok = strings.Cut(rest, "'")
	if !ok {
		return "", "", false
	}
	to, _, ok = strings.Cut(rest, "'")
	return strings.TrimSpace(from), strings.TrimSpace(to), ok
}

// setYearRange rewrites the year range of the register's first line.
func setYearRange(line []byte, r Range) []byte {
	s := string(line)
	i := strings.Index(s, "year range '")
	if i < 0 {
		return line
	}
	j := i + len("year range '")
	_, rest, _ := strings.Cut(s[j:], "'")
	_, rest, _ = strings.Cut(rest, "'")
	_, rest, _ = strings.Cut(rest, "'")
	return fmt.Appendf(nil, "%s%d' to '%d'%s", s[:j], r.From, r.To, rest)
}

// parseStamp reads SIPRI's "10 Feb 2025 10:52:58 AM"; only the date is
// needed, so a time in another form is accepted.
func parseStamp(s string) (time.Time, error) {
	f := strings.Fields(s)
	if len(f) < 3 {
		return time.Time{}, fmt.Errorf("no date")
	}
	return time.Parse("2 Jan 2006", strings.Join(f[:3], " "))
}

func lineEnd(d []byte, pos int) int {
	if i := bytes.IndexByte(d[pos:], '\n'); i >= 0 {
		return pos + i
	}
	return len(d)
}

func next(d []byte, end int) int {
	if end < len(d) {
		return end + 1
	}
	return end
}

func unquote(b []byte) []byte {
	b = bytes.TrimSpace(b)
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	return b
}

// clip shortens s for a message.
func clip(s string) string {
	if len(s) <= 120 {
		return s
	}
	i := 117
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}
