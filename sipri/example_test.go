package sipri_test

import (
	"fmt"
	"strings"

	"github.com/armsflow/armsflow/sipri"
)

// A TIV table as SIPRI writes it, with made-up countries and figures: an
// empty cell is no deliveries, a 0 is less than 0.5 million TIV.
func ExampleParse() {
	table := `"TIV of arms exports to Ruritania, 2019-2021",,,,
Figures are SIPRI Trend Indicator Values (TIVs) expressed in millions.,,,,
Figures may not add up due to the conventions of rounding.,,,,
A '0' indicates that the value of deliveries is less than 0.5m,,,,
"For more information, see http://www.sipri.org/databases/armstransfers/sources-and-methods/",,,,
,,,,
,,,,
Source: SIPRI Arms Transfers Database,,,,
Generated: 22 April 2022,,,,
,,,,
,2019,2020,2021,Total
Freedonia,12,,0,12
Syldavia*,,5,,6
,,,,,
Total,12,5,0,18
`
	f, err := sipri.Parse("RUR.csv", strings.NewReader(table))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Format, f.Format.Kind(), f.Subject, f.Generated)
	for _, fl := range f.Content.Flows {
		fmt.Printf("%s → %s %d: %v\n", fl.Supplier, fl.Recipient, fl.Year, fl.TIV)
	}
	for _, w := range f.Warnings {
		fmt.Println("warning:", w)
	}
	// Output:
	// tiv-table tiv Ruritania 2022-04-22
	// Freedonia → Ruritania 2019: 12
	// Freedonia → Ruritania 2021: 0
	// Syldavia* → Ruritania 2020: 5
	// warning: RUR.csv:13: row Syldavia*: years sum to 5 but its Total says 6
}
