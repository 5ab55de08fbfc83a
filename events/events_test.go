package events_test

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/events"
)

func TestFormatOf(t *testing.T) {
	for _, tt := range []struct {
		name, want string
	}{
		{"events.yaml", "yaml"},
		{"dir.v2/events.YML", "yaml"},
		{"/tmp/x.json", "json"},
		{"E.CSV", "csv"},
		{"events.txt", ""},
		{"events", ""},
		{"events.yaml.bak", ""},
	} {
		got, err := events.FormatOf(tt.name)
		if got != tt.want {
			t.Errorf("FormatOf(%q) = %q, want %q", tt.name, got, tt.want)
		}
		if (err != nil) != (tt.want == "") {
			t.Errorf("FormatOf(%q) error = %v", tt.name, err)
		}
		if err != nil {
			if armsflow.ErrorCode(err) != armsflow.EINVALID || !strings.Contains(err.Error(), tt.name) {
				t.Errorf("FormatOf(%q) error = %v, want EINVALID naming the file", tt.name, err)
			}
		}
	}
}

// sample returns events that exercise every field and the characters that
// formats get wrong: quotes, commas, line breaks, Unicode, formula starts.
func sample() []armsflow.Event {
	return []armsflow.Event{
		{
			ID: "2001-strategic-partnership", Date: "2001-03-01", Precision: "day", Kind: "agreement",
			Title:   "Declaration on Strategic Partnership",
			Summary: "Putin and Trần Đức Lương signed it in Hà Nội, \"the first\"; debts, arms, oil.\nA second line.",
			Parties: []string{"Viet Nam", "Russia"},
			Sources: []armsflow.EventSource{{Title: "Russia eases Vietnam debt", Publisher: "BBC News", Date: "2001-03-01",
				URL: "http://news.bbc.co.uk/2/hi/asia-pacific/1195414.stm", Accessed: "2026-11-24"}},
			Tags:  []string{"partnership", "visit"},
			Deals: []armsflow.DealRef{},
		},
		{
			ID: "2017-caatsa", Date: "2017-08", Precision: "month", End: "2018", Uncertain: true, Kind: "sanction",
			Title:   "=HYPERLINK(\"http://evil\")",
			Summary: "-2+3 @SUM(A1) '=not a formula' and a | pipe, 'quoted'",
			Parties: []string{"Russia", "Viet Nam"}, Actor: "United States",
			Sources: []armsflow.EventSource{
				{Title: "+H.R.3364", Publisher: "@Congress", URL: "https://www.congress.gov/bill/115th-congress/house-bill/3364?a=1&b=2"},
				{Title: "'apostrophe first", Publisher: "\tTabbed", URL: "https://example.org/x"},
			},
			Tags:  []string{},
			Deals: []armsflow.DealRef{{Supplier: "Russia", Recipient: "Viet Nam", Designation: "T-90S", OrderYear: 2017}},
		},
		{
			ID: "1979", Date: "1979", Precision: "year", Kind: "conflict", Title: "\rCarriage",
			Summary: "", Parties: []string{}, Sources: []armsflow.EventSource{}, Tags: []string{"war"}, Deals: []armsflow.DealRef{},
		},
	}
}

func withoutLines(evs []armsflow.Event) []armsflow.Event {
	out := append([]armsflow.Event(nil), evs...)
	for i := range out {
		out[i].Line = 0
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	for _, format := range events.Formats {
		t.Run(format, func(t *testing.T) {
			want := sample()
			var b bytes.Buffer
			if err := events.Encode(&b, format, want); err != nil {
				t.Fatal(err)
			}
			got, err := events.Decode("x."+format, bytes.NewReader(b.Bytes()), format)
			if err != nil {
				t.Fatalf("%v\n%s", err, b.String())
			}
			for i := range got {
				if got[i].Line == 0 {
					t.Errorf("event %d has no line", i)
				}
			}
			if got := withoutLines(got); !reflect.DeepEqual(got, want) {
				t.Errorf("round trip changed the events\n got %#v\nwant %#v\nfile:\n%s", got, want, b.String())
			}
		})
	}
}

// TestRoundTripNilLists: nil lists are read back as empty ones.
func TestRoundTripNilLists(t *testing.T) {
	in := []armsflow.Event{{ID: "x", Date: "2000", Kind: "other", Title: "t"}}
	for _, format := range events.Formats {
		var b bytes.Buffer
		if err := events.Encode(&b, format, in); err != nil {
			t.Fatal(err)
		}
		got, err := events.Decode("x", &b, format)
		if err != nil {
			t.Fatal(err)
		}
		e := got[0]
		if e.Parties == nil || e.Sources == nil || e.Tags == nil || e.Deals == nil {
			t.Errorf("%s: nil list after decode: %#v", format, e)
		}
	}
}

func TestEncodeJSONShape(t *testing.T) {
	var b bytes.Buffer
	if err := events.Encode(&b, "json", sample()[:1]); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, want := range []string{`{`, `"rows": [`, `"id": "2001-strategic-partnership"`, `"precision": "day"`,
		`"uncertain": false`, `"parties": [`, `"sources": [`, `"accessed": "2026-11-24"`, `"tags": [`, `"deals": []`} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON lacks %s:\n%s", want, s)
		}
	}
	for _, absent := range []string{`"end"`, `"actor"`, `"Line"`, `\u0026`} {
		if strings.Contains(s, absent) {
			t.Errorf("JSON has %s:\n%s", absent, s)
		}
	}
	var empty bytes.Buffer
	if err := events.Encode(&empty, "json", nil); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(strings.Fields(empty.String()), ""); got != `{"rows":[]}` {
		t.Errorf("no events: %s", got)
	}
}

func TestDecodeLines(t *testing.T) {
	for _, tt := range []struct {
		name, format, in string
		lines            []int
	}{
		{"yaml list", "yaml", "# comment\n- id: a\n  title: x\n\n- id: b\n  # note\n  title: y\n", []int{2, 5}},
		{"yaml rows", "yaml", "rows:\n  - id: a\n  - {id: b}\n", []int{2, 3}},
		{"yaml empty", "yaml", "# nothing yet\n", nil},
		{"yaml empty list", "yaml", "[]\n", nil},
		{"json rows", "json", "{\n \"dataset\": \"x\",\n \"rows\": [\n  {\"id\": \"a\"},\n\n  {\n   \"id\": \"b\"}, {\"id\": \"c\"}\n ]\n}\n", []int{4, 6, 7}},
		{"json query first", "json", `{"query": {"between": ["a", "b"]}, "rows": [{"id": "a"}]}`, []int{1}},
		{"json bare array", "json", "[\n{\"id\":\"a\"}\n,\n{\"id\":\"b\"}]", []int{2, 4}},
		{"json empty", "json", "", nil},
		{"csv", "csv", "id,date,kind,title,parties\na,2000,visit,\"two\nlines\",x | y\n\nb,2001,visit,t,x|y\n", []int{2, 5}},
		{"csv bom", "csv", "\xef\xbb\xbfid,date,kind,title,parties\r\na,2000,visit,t,x\r\n", []int{2}},
		{"csv header only", "csv", "id,date,kind,title,parties\n", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := events.Decode("f", strings.NewReader(tt.in), tt.format)
			if err != nil {
				t.Fatal(err)
			}
			if evs == nil {
				t.Error("nil slice")
			}
			var lines []int
			for _, e := range evs {
				lines = append(lines, e.Line)
			}
			if !reflect.DeepEqual(lines, tt.lines) {
				t.Errorf("lines %v, want %v", lines, tt.lines)
			}
		})
	}
}

func TestDecodeCSVCells(t *testing.T) {
	in := "ID,Date,Kind,Title,Parties,Tags,Uncertain,Sources,Deals\n" +
		`a,2000,visit,t, Viet Nam |Russia , ,?,"[{""title"":""T"",""publisher"":""P"",""url"":""https://x.org""}]","[{""supplier"":""Russia"",""recipient"":""Viet Nam"",""designation"":""Yak-130"",""order_year"":2019}]"` + "\n"
	evs, err := events.Decode("f.csv", strings.NewReader(in), "csv")
	if err != nil {
		t.Fatal(err)
	}
	e := evs[0]
	if !reflect.DeepEqual(e.Parties, []string{"Viet Nam", "Russia"}) || len(e.Tags) != 0 || !e.Uncertain ||
		len(e.Sources) != 1 || e.Sources[0].URL != "https://x.org" || e.Deals[0].OrderYear != 2019 {
		t.Errorf("decoded %#v", e)
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tt := range []struct {
		name, format, in string
		want             []string // all in the message
	}{
		{"unknown format", "xml", "", []string{`"xml"`, "yaml, json, csv"}},
		{"yaml syntax", "yaml", "- id: a\n  title: [\n", []string{"f:"}},
		{"yaml unknown key", "yaml", "- id: a\n  partys: [x]\n", []string{"f:2:3", `"partys"`, "parties"}},
		{"yaml unknown source key", "yaml", "- id: a\n  sources:\n    - {title: t, link: x}\n", []string{"f:3:", `"link"`, "source"}},
		{"yaml unknown deal key", "yaml", "- id: a\n  deals:\n    - {year: 2000}\n", []string{"f:3:", `"year"`, "deal"}},
		{"yaml duplicate key", "yaml", "- id: a\n  id: b\n", []string{"f:2:", "twice"}},
		{"yaml scalar event", "yaml", "- just words\n", []string{"f:1:", "mapping"}},
		{"yaml not a list", "yaml", "id: a\n", []string{"f:1:", "list of events"}},
		{"yaml wrong type", "yaml", "- id: a\n  parties: Russia\n", []string{"f:2:"}},
		{"yaml bad year", "yaml", "- id: a\n  deals: [{order_year: soon}]\n", []string{"f:2:"}},
		{"yaml two documents", "yaml", "- id: a\n---\n- id: b\n", []string{"f:2:", "second YAML document"}},
		{"json syntax", "json", "{\"rows\": [\n{\"id\": \"a\",}\n]}", []string{"f:2:"}},
		{"json unknown field", "json", "{\"rows\": [\n{\"id\": \"a\"},\n{\"id\": \"b\", \"partys\": []}]}", []string{"f:3:", "partys"}},
		{"json wrong type", "json", "[\n{\"id\": \"a\",\n \"uncertain\": \"yes\"}]", []string{"f:3:", "uncertain"}},
		{"json no rows", "json", `{"events": []}`, []string{`"rows"`}},
		{"json rows not list", "json", `{"rows": {}}`, []string{`"rows" must be a list`}},
		{"json scalar", "json", `"x"`, []string{"f:1:"}},
		{"json event not object", "json", "[\n1]", []string{"f:2:", "object"}},
		{"json trailing data", "json", "[]\n[]", []string{"f:2:", "after the events"}},
		{"json truncated", "json", `{"rows": [{"id": "a"}`, []string{"f:1:"}},
		{"csv unknown column", "csv", "id,date,kind,title,parties,colour\n", []string{"f:1:", `"colour"`}},
		{"csv missing column", "csv", "id,date,kind,title\n", []string{"f:1:", `"parties"`}},
		{"csv duplicate column", "csv", "id,id,date,kind,title,parties\n", []string{"f:1:", "twice"}},
		{"csv short row", "csv", "id,date,kind,title,parties\na,2000\n", []string{"f:2:", "2 cells"}},
		{"csv bad quote", "csv", "id,date,kind,title,parties\na,\"2000,x,y,z\n", []string{"f:2:"}},
		{"csv bad uncertain", "csv", "id,date,kind,title,parties,uncertain\na,2000,visit,t,x,maybe\n", []string{"f:2:", "maybe"}},
		{"csv bad sources", "csv", "id,date,kind,title,parties,sources\na,2000,visit,t,x,\"[{\"\"tittle\"\":1}]\"\n", []string{"f:2:", "sources"}},
		{"csv bad deals", "csv", "id,date,kind,title,parties,deals\na,2000,visit,t,x,not json\n", []string{"f:2:", "deals"}},
		{"csv not utf-8", "csv", "id,date,kind,title,parties\na,2000,visit,Vi\xeat,x\n", []string{"UTF-8"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := events.Decode("f", strings.NewReader(tt.in), tt.format)
			if err == nil {
				t.Fatal("no error")
			}
			if armsflow.ErrorCode(err) != armsflow.EINVALID {
				t.Errorf("code %q", armsflow.ErrorCode(err))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestCSVInjection: no cell that a spreadsheet would run starts with a
// formula character, and Decode gives the text back.
func TestCSVInjection(t *testing.T) {
	dangerous := []string{"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://evil\",\"x\")", "'=x", "''"}
	var evs []armsflow.Event
	for i, d := range dangerous {
		evs = append(evs, armsflow.Event{ID: d, Date: d, Title: d, Summary: d, Kind: d, Actor: d, End: d, Precision: d,
			Parties: []string{"x" + strings.Repeat("y", i)}, Tags: []string{}, Deals: []armsflow.DealRef{},
			Sources: []armsflow.EventSource{{Title: d, Publisher: d, URL: d}}})
	}
	var b bytes.Buffer
	if err := events.Encode(&b, "csv", evs); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs[1:] {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q would run as a formula", cell)
			}
		}
	}
	got, err := events.Decode("x.csv", &b, "csv")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(withoutLines(got), evs) {
		t.Errorf("got %#v\nwant %#v", withoutLines(got), evs)
	}
	// A cell written by hand with an apostrophe before a formula character
	// loses the apostrophe; other apostrophes stay.
	in := "id,date,kind,title,parties,summary\n'=a,'2000,visit,'It's,x,'plain\n"
	hand, err := events.Decode("h.csv", strings.NewReader(in), "csv")
	if err != nil {
		t.Fatal(err)
	}
	if e := hand[0]; e.ID != "=a" || e.Date != "'2000" || e.Title != "'It's" || e.Summary != "'plain" {
		t.Errorf("decoded %q %q %q %q", e.ID, e.Date, e.Title, e.Summary)
	}
}

func TestEncodeCSVRefusesAmbiguousLists(t *testing.T) {
	for _, parties := range [][]string{{"A | B", "C"}, {"", "C"}, {" padded", "C"}} {
		ev := armsflow.Event{ID: "x", Parties: parties}
		err := events.Encode(&bytes.Buffer{}, "csv", []armsflow.Event{ev})
		if armsflow.ErrorCode(err) != armsflow.EINVALID {
			t.Errorf("parties %q: err %v", parties, err)
		}
	}
	if err := events.Encode(&bytes.Buffer{}, "xml", nil); armsflow.ErrorCode(err) != armsflow.EINVALID {
		t.Errorf("format xml: err %v", err)
	}
}
