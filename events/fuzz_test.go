package events_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/events"
)

// fuzzDecode checks that Decode never panics, that what it reads has lines
// and validates without panicking, and that whatever Encode accepts it
// writes so that Decode reads the same events back.
func fuzzDecode(f *testing.F, format string, seeds ...string) {
	for _, evs := range [][]armsflow.Event{sample(), events.Starter()[:4]} {
		var b bytes.Buffer
		if err := events.Encode(&b, format, evs); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		evs, err := events.Decode("fuzz", bytes.NewReader(data), format)
		if err != nil {
			if armsflow.ErrorCode(err) != armsflow.EINVALID {
				t.Fatalf("error code %q: %v", armsflow.ErrorCode(err), err)
			}
			return
		}
		for _, e := range evs {
			if e.Line < 1 {
				t.Fatalf("event %q has line %d", e.ID, e.Line)
			}
		}
		events.Validate("fuzz", evs, nil)
		var b bytes.Buffer
		if err := events.Encode(&b, format, evs); err != nil {
			return // e.g. a party with "|" cannot be written to CSV
		}
		again, err := events.Decode("fuzz", bytes.NewReader(b.Bytes()), format)
		if err != nil {
			t.Fatalf("Decode of Encode output: %v\n%q", err, b.String())
		}
		if !reflect.DeepEqual(withoutLines(again), withoutLines(evs)) {
			t.Fatalf("round trip changed events\n got %#v\nwant %#v\n%q", again, evs, b.String())
		}
	})
}

func FuzzDecodeYAML(f *testing.F) {
	fuzzDecode(f, "yaml", "", "[]", "- id: a\n", "rows:\n - {id: a, date: 2001, deals: [{order_year: 1}]}\n",
		"- &a {id: x}\n- *a\n", "- id: !!binary aGVsbG8=\n", "- title: \"\\u0085\"\n", "--- \n...\n")
}

func FuzzDecodeJSON(f *testing.F) {
	fuzzDecode(f, "json", "", "[]", `{"rows":null}`, `{"rows":[{"id":"a","deals":[{"order_year":1e3}]}]}`,
		`[{"title":"\ud800"}]`, `{"rows":[{}],"rows":[]}`, "[\n{\"id\":\"\xff\"}]")
}

func FuzzDecodeCSV(f *testing.F) {
	fuzzDecode(f, "csv", "", "id,date,kind,title,parties\n", "id,date,kind,title,parties\n'=a,b,c,\"d\r\ne\",x|y|\n",
		"id,date,kind,title,parties,sources\na,b,c,d,e,[]\n", "\xef\xbb\xbfid,date,kind,title,parties\n\"\n")
}
