package query

import (
	"testing"

	"github.com/armsflow/armsflow"
)

func TestForAPI(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`--kind "party": use one of a, b`, `kind="party": use one of a, b`},
		{`--period-length 0: use a number of years from 1 to 100`, `period-length=0: use a number of years from 1 to 100`},
		{`--members-as-of 1950: EU had no members that year`, `members-as-of=1950: EU had no members that year`},
		{`ask for years a dataset covers (--years), run 'armsflow fetch'`, `ask for years a dataset covers (the years parameter), run 'armsflow fetch'`},
		{`or 'flows --partial' to see the years`, `or partial=true (/api/v1/flows) to see the years`},
		{`leave out --dataset and armsflow chooses, or name it with --dataset SIPRI-2024; `, `leave out the dataset parameter and armsflow chooses, or name it with dataset=SIPRI-2024; `},
		{`--dataset NAME pins one`, `dataset=NAME pins one`},
		{`--service-life x: bad`, `--service-life x: bad`}, // not a parameter of the API: left as it is
		{`no flag here`, `no flag here`},
		{`no event "x"; list them with 'armsflow events list --between A,B' (--years)`, `no event "x"; list them with 'armsflow events list --between A,B' (the years parameter)`},
	} {
		got := armsflow.ErrorMessage(ForAPI(armsflow.Errorf(armsflow.EINVALID, "%s", tt.in)))
		if got != tt.want {
			t.Errorf("ForAPI(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
	if ForAPI(nil) != nil {
		t.Error("ForAPI(nil) is not nil")
	}
	if c := armsflow.ErrorCode(ForAPI(armsflow.Errorf(armsflow.ENOTCOVERED, "--years 1900"))); c != armsflow.ENOTCOVERED {
		t.Errorf("code %q, want %q", c, armsflow.ENOTCOVERED)
	}
}
