package sqlite

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/armsflow/armsflow"
)

// Synthetic SIPRI-like content of realistic size, made on the fly: no real
// data file is needed.

func synthNames(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s %03d", prefix, i)
	}
	return out
}

func digestOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// synthTIV returns a TIV dataset of about flows dyadic flows spread over one
// file per recipient, plus the world table's file.
func synthTIV(name string, flows int) (armsflow.Dataset, []FileContent) {
	r := rand.New(rand.NewPCG(1, 2))
	recipients := synthNames("Recipient", 190)
	suppliers := synthNames("Supplier", 70)
	suppliers[0] = "Unknown supplier(s)"
	ds := armsflow.Dataset{Name: name, Kind: armsflow.KindTIV, Generated: "2022-04-22"}
	var files []FileContent
	per := flows / len(recipients)
	for i, rec := range recipients {
		var c armsflow.Content
		for j := range per {
			c.Flows = append(c.Flows, armsflow.Flow{
				Supplier:  suppliers[(i+j/76)%len(suppliers)],
				Recipient: rec,
				Year:      1950 + j%76,
				TIV:       float64(r.IntN(800)),
			})
		}
		f := armsflow.SourceFile{Name: fmt.Sprintf("TIV-Import-%03d-1950-2025.csv", i), SHA256: digestOf(name + rec),
			Bytes: int64(40 * per), Subject: rec}
		files = append(files, FileContent{File: f, Content: c})
	}
	var w armsflow.Content
	for _, rec := range recipients {
		for y := 1950; y < 2026; y += 3 {
			w.World = append(w.World, armsflow.Flow{Recipient: rec, Year: y, TIV: float64(r.IntN(3000))})
		}
	}
	files = append(files, FileContent{
		File:    armsflow.SourceFile{Name: "TIV-Export-All-1950-2025.csv", SHA256: digestOf(name + "all"), Bytes: 200000, Subject: "all"},
		Content: w,
	})
	for _, f := range files {
		ds.Files = append(ds.Files, f.File)
	}
	return ds, files
}

// synthDeals returns n trade-register deals with unknown numbers, '?' flags
// and delivery years mixed in as SIPRI's register has them.
func synthDeals(n int, seed uint64) []armsflow.Deal {
	r := rand.New(rand.NewPCG(seed, 7))
	recipients := synthNames("Recipient", 190)
	suppliers := synthNames("Supplier", 70)
	designs := synthNames("Designation", 3000)
	descs := synthNames("armoured personnel carrier type", 300)
	statuses := []string{"New", "Second hand", "Second hand but modernized"}
	ip := func(v int) *int { return &v }
	fp := func(v float64) *float64 { return &v }
	deals := make([]armsflow.Deal, n)
	for i := range deals {
		d := &deals[i]
		d.Recipient = recipients[r.IntN(len(recipients))]
		d.Supplier = suppliers[r.IntN(len(suppliers))]
		d.Designation = designs[r.IntN(len(designs))]
		d.Description = descs[r.IntN(len(descs))]
		d.Status = statuses[r.IntN(3)]
		d.Line = 12 + i
		year := 1950 + r.IntN(75)
		if r.IntN(20) != 0 {
			d.OrderYear = ip(year)
		}
		d.OrderYearUncertain = r.IntN(10) == 0
		if r.IntN(8) != 0 {
			d.Ordered = ip(1 + r.IntN(200))
		}
		d.OrderedUncertain = r.IntN(6) == 0
		if r.IntN(4) != 0 {
			d.Delivered = ip(r.IntN(200))
			for k := range 1 + r.IntN(4) {
				d.DeliveryYears = append(d.DeliveryYears, year+1+k)
			}
		}
		d.DeliveredUncertain = r.IntN(5) == 0
		if r.IntN(3) != 0 {
			d.Comments = fmt.Sprintf("Deal %d; part of a programme with licensed production; %s", i, d.Designation)
		}
		if r.IntN(10) != 0 {
			d.TIVUnit = fp(float64(r.IntN(5000)) / 100)
			d.TIVTotal = fp(*d.TIVUnit * 3)
		}
		if d.Delivered != nil && r.IntN(10) != 0 {
			d.TIVDelivered = fp(float64(r.IntN(30000)) / 100)
		}
	}
	return deals
}

// synthRegister returns a register dataset of n deals in one file.
func synthRegister(name string, n int) (armsflow.Dataset, []FileContent) {
	f := armsflow.SourceFile{Name: "trade-register.csv", SHA256: digestOf(name), Bytes: int64(200 * n), Subject: "register"}
	ds := armsflow.Dataset{Name: name, Kind: armsflow.KindRegister, Generated: "2025-03-10",
		Scope: "deliveries 1950-2025", Files: []armsflow.SourceFile{f}}
	return ds, []FileContent{{File: f, Content: armsflow.Content{Deals: synthDeals(n, 3)}}}
}

// openTest opens a new library in a temporary directory.
func openTest(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(filepath.Join(tb.TempDir(), "lib", "armsflow.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func mustImport(tb testing.TB, db *DB, ds armsflow.Dataset, files []FileContent) ImportResult {
	tb.Helper()
	res, err := db.ImportDataset(context.Background(), ds, files)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// synthExportRegister returns a register dataset of n deals as SIPRI's
// export option gives them: each deal with its SIPRI id, category, SIPRI
// estimate and local production, and about two delivery years with their
// numbers and exact TIV (some unknown), no comments.
func synthExportRegister(name string, n int) (armsflow.Dataset, []FileContent) {
	r := rand.New(rand.NewPCG(5, 11))
	deals := synthDeals(n, 4)
	categories := []string{"Aircraft", "Armoured vehicles", "Artillery", "Missiles", "Ships", "Sensors", "Engines"}
	ip := func(v int) *int { return &v }
	fp := func(v float64) *float64 { return &v }
	for i := range deals {
		d := &deals[i]
		d.Comments = ""
		d.ID = 10000 + i
		d.Category = categories[r.IntN(len(categories))]
		d.SIPRIEstimate = fp(float64(r.IntN(5000)) / 100)
		if r.IntN(5) != 0 {
			d.LocalProduction = ptrBool(r.IntN(4) == 0)
		}
		// Two delivery years on average, so 30,000 deals give 60,000 rows.
		d.DeliveryYears, d.Delivered, d.TIVDelivered = nil, nil, nil
		year := 1950 + r.IntN(75)
		if d.OrderYear != nil {
			year = *d.OrderYear
		}
		total, tiv, known := 0, 0.0, true
		for k := range 1 + r.IntN(3) {
			v := armsflow.Delivery{Year: year + 1 + k, YearEstimate: r.IntN(10) == 0, UnitsEstimate: r.IntN(8) == 0}
			if r.IntN(20) != 0 {
				v.Units = ip(1 + r.IntN(20))
				v.TIV = fp(float64(*v.Units) * *d.SIPRIEstimate)
				total += *v.Units
				tiv += *v.TIV
			} else {
				known = false
			}
			d.Deliveries = append(d.Deliveries, v)
			d.DeliveryYears = append(d.DeliveryYears, v.Year)
		}
		if known {
			d.Delivered = ip(total)
		}
		d.TIVDelivered = fp(tiv)
	}
	f := armsflow.SourceFile{Name: "trade-register-export.csv", SHA256: digestOf(name), Bytes: int64(150 * n), Subject: "register"}
	ds := armsflow.Dataset{Name: name, Kind: armsflow.KindRegister, Generated: "2025-10-23",
		Scope: "deliveries 1950-2025", Files: []armsflow.SourceFile{f},
		Coverage:  armsflow.Coverage{From: 1950, To: 2025, PartialFrom: 2025},
		Views:     []string{armsflow.ViewDyads, armsflow.ViewImports, armsflow.ViewExports, armsflow.ViewDeals},
		YearlyTIV: true}
	return ds, []FileContent{{File: f, Content: armsflow.Content{Deals: deals}}}
}

func ptrBool(v bool) *bool { return &v }
