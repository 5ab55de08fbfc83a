package armsflow

import "testing"

func TestPlural(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 parties"}, {1, "1 party"}, {2, "2 parties"}, {-1, "-1 party"}, {28348, "28348 parties"}} {
		if got := Plural(c.n, "party", "parties"); got != c.want {
			t.Errorf("Plural(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
