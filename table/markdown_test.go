package table

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// hostile is data that would become HTML, a link or an image if Markdown
// passed it through (issue 10, item 12).
var hostile = []string{
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`[click](javascript:alert(1))`,
	`![x](javascript:alert(1))`,
	`<javascript:alert(1)>`,
	`\[click\](javascript:alert(1))`,
	"[a]\n\n[a]: javascript:alert(1)",
	"`code` **bold** _it_ | pipe",
	`&lt;script&gt;`,
}

// unescaped reports whether s holds c not escaped by a backslash.
func unescaped(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i] == c {
			return true
		}
	}
	return false
}

func TestMarkdownEscapesHostileText(t *testing.T) {
	for _, h := range hostile {
		tb := &Table{Title: h, Columns: Cols(h, "n"), Rows: [][]any{{h, 1}}, Notes: []string{h}}
		var b bytes.Buffer
		if err := Write(&b, "md", tb); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, line := range strings.Split(out, "\n") {
			body := strings.TrimPrefix(line, "### ")
			for _, c := range []byte("<>[]`*_") {
				if unescaped(body, c) {
					t.Errorf("%q: %q passes %q through", h, line, c)
				}
			}
			// Table rows have exactly their columns' pipes.
			if strings.HasPrefix(line, "|") && !strings.HasPrefix(line, "|---") {
				n := 0
				for i := 0; i < len(line); i++ {
					if line[i] == '\\' {
						i++
					} else if line[i] == '|' {
						n++
					}
				}
				if n != 3 {
					t.Errorf("%q: row %q has %d cell separators, want 3", h, line, n)
				}
			}
		}
		if strings.Contains(out, "&lt;script&gt;") && !strings.Contains(h, "<script>") {
			t.Errorf("%q: an entity in the data was passed through as an entity: %q", h, out)
		}
	}
}

func TestMarkdownEscape(t *testing.T) {
	for in, want := range map[string]string{
		"Viet Nam":           "Viet Nam",
		"a & b":              "a &amp; b",
		"<b>":                "&lt;b&gt;",
		`[x](javascript:y)`:  `\[x\](javascript:y)`,
		`\[x\]`:              `\\\[x\\\]`,
		"line\nbreak\r\nend": "line break end",
		"T-90S (2017)":       "T-90S (2017)",
	} {
		if got := MarkdownEscape(in); got != want {
			t.Errorf("MarkdownEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNoSenselessFigures: a figure that is not finite, or one no real
// figure approaches (an overflowed sum rounded through an integer), is
// shown blank in every text format, never as +Inf or
// -922337203685477632.0 (issue 10, item 7).
func TestNoSenselessFigures(t *testing.T) {
	for _, format := range Formats {
		tb := &Table{Columns: []Column{{Name: "TIV", Decimals: -1}, {Name: "Share %", Decimals: 1}},
			Rows: [][]any{{math.Inf(1), -922337203685477632.0}, {math.NaN(), math.Inf(-1)}, {12.5, 55.7}}}
		var b bytes.Buffer
		if err := Write(&b, format, tb); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, bad := range []string{"Inf", "NaN", "922337"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s shows %s:\n%s", format, bad, out)
			}
		}
		if !strings.Contains(out, "12.5") || !strings.Contains(out, "55.7") {
			t.Errorf("%s lost the sane figures:\n%s", format, out)
		}
	}
}
