// Package demo holds armsflow's built-in sample: a small Viet Nam–Russia
// case study written by hand from published figures (vietnam-russia.yaml),
// which 'armsflow demo' loads into a temporary library. It is labelled
// everywhere as a sample: it is not SIPRI's full data.
package demo

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"sort"

	"github.com/armsflow/armsflow"
	"gopkg.in/yaml.v3"
)

// Label is what every view of the sample says about it.
const Label = "SAMPLE — not SIPRI's full data"

// Dataset names of the sample: they say what they are in every table's
// provenance line.
const (
	TIVDataset      = "SAMPLE-tiv-not-SIPRI-full-data"
	RegisterDataset = "SAMPLE-register-not-SIPRI-full-data"
)

// FileName is the sample file's name, as the datasets' provenance records it.
const FileName = "vietnam-russia.yaml"

//go:embed vietnam-russia.yaml
var sampleYAML []byte

// Sample is the content of vietnam-russia.yaml.
type Sample struct {
	Label     string      `yaml:"label"`
	Supplier  string      `yaml:"supplier"`
	Recipient string      `yaml:"recipient"`
	Source    string      `yaml:"source"`
	TIV       map[int]int `yaml:"tiv"`
	Deals     []struct {
		Designation        string `yaml:"designation"`
		Description        string `yaml:"description"`
		Ordered            *int   `yaml:"ordered"`
		OrderYear          *int   `yaml:"order_year"`
		OrderYearUncertain bool   `yaml:"order_year_uncertain"`
		Delivered          *int   `yaml:"delivered"`
		DeliveryYears      []int  `yaml:"delivery_years"`
		Comments           string `yaml:"comments"`
	} `yaml:"deals"`
}

// Read parses the built-in sample.
func Read() (*Sample, error) {
	var s Sample
	if err := yaml.Unmarshal(sampleYAML, &s); err != nil {
		return nil, fmt.Errorf("demo: %s: %w", FileName, err)
	}
	return &s, nil
}

// Datasets returns the sample as two datasets ready for the library: the
// yearly TIV (kind tiv) and the deals (kind register).
func Datasets() ([]armsflow.DatasetImport, error) {
	s, err := Read()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(sampleYAML)
	digest := hex.EncodeToString(sum[:])
	var flows []armsflow.Flow
	years := make([]int, 0, len(s.TIV))
	for y := range s.TIV {
		years = append(years, y)
	}
	sort.Ints(years)
	for _, y := range years {
		flows = append(flows, armsflow.Flow{Supplier: s.Supplier, Recipient: s.Recipient, Year: y, TIV: float64(s.TIV[y])})
	}
	var deals []armsflow.Deal
	for _, d := range s.Deals {
		comments := d.Comments
		if comments != "" {
			comments += "; "
		}
		deals = append(deals, armsflow.Deal{
			Recipient: s.Recipient, Supplier: s.Supplier,
			OrderYear: d.OrderYear, OrderYearUncertain: d.OrderYearUncertain,
			Ordered: d.Ordered, Designation: d.Designation, Description: d.Description,
			Delivered: d.Delivered, DeliveryYears: d.DeliveryYears, Status: "New",
			Comments: comments + Label,
		})
	}
	file := func(subject string, c armsflow.Content) armsflow.FileContent {
		return armsflow.FileContent{
			File:    armsflow.SourceFile{Name: FileName, SHA256: digest, Bytes: int64(len(sampleYAML)), Records: c.Records(), Subject: subject},
			Content: c,
		}
	}
	tivFile := file(s.Recipient, armsflow.Content{Flows: flows})
	regFile := file("sample deals", armsflow.Content{Deals: deals})
	return []armsflow.DatasetImport{
		{Dataset: armsflow.Dataset{Name: TIVDataset, Kind: armsflow.KindTIV, Scope: Label, Files: []armsflow.SourceFile{tivFile.File}},
			Files: []armsflow.FileContent{tivFile}},
		{Dataset: armsflow.Dataset{Name: RegisterDataset, Kind: armsflow.KindRegister, Scope: Label, Files: []armsflow.SourceFile{regFile.File}},
			Files: []armsflow.FileContent{regFile}},
	}, nil
}

// Store is what Load needs of a library; *sqlite.DB is one.
type Store interface {
	armsflow.Importer
	AddEvents(ctx context.Context, evs []armsflow.Event) (added int, err error)
}

// Load stores the sample and the given events (the starter timeline) in
// db, in one transaction for the datasets. Loading it twice changes nothing.
func Load(ctx context.Context, db Store, events []armsflow.Event) error {
	ds, err := Datasets()
	if err != nil {
		return err
	}
	if _, err := db.ImportDatasets(ctx, ds); err != nil {
		return err
	}
	if len(events) > 0 {
		if _, err := db.AddEvents(ctx, events); err != nil {
			return err
		}
	}
	return nil
}
