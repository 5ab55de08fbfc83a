package revision

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/table"
)

// small is a comparison of two hand-made registers with one change of each
// kind that a deal list shows.
func small(t testing.TB) *Result {
	old := base()
	new := base()
	new[1].Ordered, new[1].Delivered, new[1].TIVTotal, new[1].TIVDelivered = ip(23), ip(23), fp(13.8), fp(13.8)
	new[2].Ordered, new[2].Delivered, new[2].TIVTotal, new[2].TIVDelivered = ip(15), ip(15), fp(1.8), fp(1.8)
	new = append(new[:3], new[4:]...)
	new[3].Designation = "M-60A1"
	new[4].Recipient, new[5].Recipient = "HoR (Libya)*", "HoR (Libya)*"
	old = append(old, deal("Russia", "Viet Nam", "Su-35", 2024, 12, 30))
	new = append(new, deal("India", "Armenia", "Pinaka", 2022, 4, 5, 2023))
	oldDS := armsflow.Dataset{Name: "register-2025-03-13", Kind: armsflow.KindRegister, Scope: "all deals", Generated: "2025-03-13"}
	newDS := armsflow.Dataset{Name: "register-2025-10-23", Kind: armsflow.KindRegister, Scope: "deliveries 1950-2025", Generated: "2025-10-23"}
	res, err := Compare(oldDS, &armsflow.Content{Deals: old}, newDS, &armsflow.Content{Deals: new}, Options{Top: 3})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestTablesGolden renders every section in every text format and compares
// it with golden files (UPDATE_GOLDEN=1 rewrites them).
func TestTablesGolden(t *testing.T) {
	res := small(t)
	for _, format := range table.Formats {
		var b bytes.Buffer
		for i, tb := range Tables(res, nil) {
			if i > 0 {
				b.WriteString("\n")
			}
			if err := table.Write(&b, format, tb); err != nil {
				t.Fatal(err)
			}
		}
		golden := filepath.Join("testdata", "small."+format+".golden")
		if os.Getenv("UPDATE_GOLDEN") != "" {
			os.MkdirAll("testdata", 0o755)
			if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (UPDATE_GOLDEN=1 writes it)", err)
		}
		if !bytes.Equal(b.Bytes(), want) {
			t.Errorf("%s differs from %s:\n%s", format, golden, b.String())
		}
	}
}

func ExampleCompare() {
	ds := func(name, scope string) armsflow.Dataset {
		return armsflow.Dataset{Name: name, Kind: armsflow.KindRegister, Scope: scope}
	}
	order := func(n, year int, years ...int) armsflow.Deal {
		return armsflow.Deal{Supplier: "France", Recipient: "Chile", Designation: "PVP", OrderYear: &year, Ordered: &n, DeliveryYears: years}
	}
	old := &armsflow.Content{Deals: []armsflow.Deal{order(9, 2009, 2010, 2011), order(6, 2010, 2011), order(4, 2024)}}
	new := &armsflow.Content{Deals: []armsflow.Deal{order(15, 2009, 2010, 2011)}}
	res, err := Compare(ds("march", "all deals"), old, ds("october", "deliveries 1950-2025"), new, Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range res.Deals {
		fmt.Println(d.Change, len(d.Old), "→", len(d.New), d.Fields)
	}
	// Output:
	// merged 2 → 1 [order_year ordered delivery_years]
	// out_of_scope 1 → 0 []
}
