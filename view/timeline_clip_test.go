package view

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/armsflow/armsflow/engine"
)

// TestTimelineCutsAtCharacters: a long detail is cut at a character
// boundary, never inside a UTF-8 sequence (issue 10, item 20).
func TestTimelineCutsAtCharacters(t *testing.T) {
	for pad := 0; pad < 4; pad++ {
		detail := strings.Repeat("a", pad) + strings.Repeat("Việt Nam – Россия ", 20)
		r := &engine.TimelineResult{
			Parties: []engine.Party{{}, {}},
			Rows:    []engine.TimelineEntry{{Date: "2001", Type: "deal", Title: "T", Detail: detail}},
		}
		got := Timeline(r).Rows[0][3].(string)
		if !utf8.ValidString(got) || !strings.HasSuffix(got, "...") || len(got) > 160 {
			t.Errorf("pad %d: cut to %q (%d bytes, valid %v)", pad, got, len(got), utf8.ValidString(got))
		}
	}
	if got := clipText("short", 160); got != "short" {
		t.Errorf("clipText cut a short text: %q", got)
	}
}
