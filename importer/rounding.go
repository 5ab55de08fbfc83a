package importer

import "strings"

// IsRounding reports whether an import warning is one of SIPRI's rounding
// differences: a row or a Total row whose rounded yearly figures add up to
// a unit or so more or less than the total SIPRI published beside them
// (SIPRI sums unrounded values). A full download of the TIV tables has over
// a thousand; the command line sums them up in one line so that any other
// warning stands out. A difference larger than rounding explains is not one
// of them: its warning says so and is always shown.
func IsRounding(warning string) bool {
	return strings.Contains(warning, "sum to ") && strings.Contains(warning, " says ") &&
		!strings.Contains(warning, "more than rounding explains")
}
