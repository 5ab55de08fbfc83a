package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/armsflow/armsflow/engine"
)

type inner struct {
	Share float64 `json:"share_pct"`
}

type sample struct {
	engine.Source
	inner
	Name    string             `json:"name"`
	TIV     float64            `json:"tiv"`
	Ptr     *float64           `json:"ptr"`
	Omit    float64            `json:"omit,omitempty"`
	Skip    string             `json:"-"`
	Rows    []inner            `json:"rows"`
	Map     map[string]float64 `json:"map"`
	At      time.Time          `json:"at"`
	private int
}

// TestJSONNeverFailsOnAValue: a figure that is not finite is written as
// null, and everything else as encoding/json writes it (issue 10, item 7).
func TestJSONNeverFailsOnAValue(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	mk := func(bad float64) sample {
		return sample{Source: engine.Source{Dataset: "tiv-x"}, inner: inner{Share: bad}, Name: "<Russia>", TIV: bad, Ptr: &bad,
			Skip: "x", Rows: []inner{{bad}, {2}}, Map: map[string]float64{"a": bad}, At: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), private: 1}
	}
	var got bytes.Buffer
	if err := writeJSON(&got, mk(inf)); err != nil {
		t.Fatalf("writeJSON failed: %v", err)
	}
	// The same with the bad figures as null, written by encoding/json.
	var ref map[string]any
	b, _ := json.Marshal(mk(7))
	json.Unmarshal(b, &ref)
	ref["share_pct"], ref["tiv"], ref["ptr"] = nil, nil, nil
	ref["rows"].([]any)[0].(map[string]any)["share_pct"] = nil
	ref["map"].(map[string]any)["a"] = nil
	var gotV any
	if err := json.Unmarshal(got.Bytes(), &gotV); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, got.String())
	}
	gb, _ := json.Marshal(gotV)
	rb, _ := json.Marshal(ref)
	if string(gb) != string(rb) {
		t.Errorf("got  %s\nwant %s", gb, rb)
	}
	if !strings.HasPrefix(got.String(), "{\n  \"") || !strings.Contains(got.String(), `"dataset": "tiv-x"`) {
		t.Errorf("not indented, or the dataset is missing:\n%s", got.String())
	}
	got.Reset()
	if err := writeJSON(&got, mk(nan)); err != nil || strings.Contains(got.String(), "NaN") {
		t.Errorf("NaN: %v %s", err, got.String())
	}
	// Finite values go through encoding/json untouched.
	got.Reset()
	writeJSON(&got, mk(7))
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	enc.Encode(mk(7))
	if got.String() != want.String() {
		t.Errorf("finite values:\n%s\nwant\n%s", got.String(), want.String())
	}
}
