package names

import (
	"testing"

	"github.com/armsflow/armsflow"
)

func TestCanonicalName(t *testing.T) {
	r := New("Atlantis")
	canon := r.Canonicalizer()
	for _, tt := range []struct {
		in, want, code string
		kept           string // what Canonicalizer gives
	}{
		{"Vietnam", "Viet Nam", "", "Viet Nam"},
		{"RUS", "Russia", "", "Russia"},
		{"USSR", "Soviet Union", "", "Soviet Union"},
		{"Atlantis", "Atlantis", "", "Atlantis"},
		{"Lemuria", "", armsflow.ENOTFOUND, "Lemuria"},
		{"Korea", "", armsflow.EINVALID, "Korea"},
	} {
		got, err := r.CanonicalName(tt.in)
		if got != tt.want || armsflow.ErrorCode(err) != tt.code {
			t.Errorf("CanonicalName(%q) = %q, %v; want %q, code %q", tt.in, got, err, tt.want, tt.code)
		}
		for range 2 { // the second answer is remembered
			if got := canon(tt.in); got != tt.kept {
				t.Errorf("Canonicalizer(%q) = %q, want %q", tt.in, got, tt.kept)
			}
		}
	}
}
