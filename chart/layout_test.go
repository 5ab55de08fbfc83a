package chart

import (
	"encoding/xml"
	"strings"
	"testing"
)

// TestWrap checks that wrapped lines fit, keep every word in order, and
// that a text too long for the lines allowed ends with an ellipsis.
func TestWrap(t *testing.T) {
	st := textStyle(sourceSize, muted)
	s := "Source: SIPRI Arms Transfers Database (dataset register-2025-03-13, generated 2025-03-13); categories mapped from weapon descriptions by armsflow"
	w := Width * slack / 2
	lines := wrap(st, s, w, 5)
	if len(lines) < 2 {
		t.Fatalf("not wrapped: %q", lines)
	}
	for _, l := range lines {
		if st.Width(l) > w {
			t.Errorf("line %q is wider than %v", l, w)
		}
	}
	if got := strings.Join(lines, " "); got != s {
		t.Errorf("wrapped text %q, want %q", got, s)
	}
	short := wrap(st, s, w, 2)
	if len(short) != 2 || !strings.HasSuffix(short[1], "…") {
		t.Errorf("two lines: %q", short)
	}
}

// TestYearTicks checks that year labels never exceed the maximum asked
// and that every year keeps a tick.
func TestYearTicks(t *testing.T) {
	for _, tc := range []struct{ from, to, max int }{{2002, 2021, 12}, {2002, 2021, 7}, {1950, 2021, 12}, {2010, 2012, 7}} {
		ticks := yearTicks{max: tc.max}.Ticks(float64(tc.from)-0.5, float64(tc.to)+0.5)
		labels := 0
		for _, tk := range ticks {
			if tk.Label != "" {
				labels++
			}
		}
		if labels > tc.max || labels == 0 || len(ticks) != tc.to-tc.from+1 {
			t.Errorf("%d-%d max %d: %d labels, %d ticks", tc.from, tc.to, tc.max, labels, len(ticks))
		}
	}
}

// TestSVGTextLength checks that every text of more than one character
// carries the width it was laid out with, and the SVG stays well-formed.
func TestSVGTextLength(t *testing.T) {
	for name, c := range fixtures(t) {
		svg, err := c.SVG()
		if err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(strings.NewReader(string(svg)))
		for {
			tok, err := d.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Errorf("%s: %v", name, err)
				}
				break
			}
			se, ok := tok.(xml.StartElement)
			if !ok || se.Name.Local != "text" {
				continue
			}
			has := false
			for _, a := range se.Attr {
				has = has || a.Name.Local == "textLength"
			}
			inner, _ := d.Token()
			if cd, ok := inner.(xml.CharData); ok && len([]rune(string(cd))) > 1 && !has {
				t.Errorf("%s: text %q has no textLength", name, cd)
			}
		}
	}
}
