package engine_test

import (
	"context"
	"github.com/armsflow/armsflow/internal/memlib"
	"github.com/armsflow/armsflow/internal/shareddata"
	"path/filepath"
	"testing"
	"time"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/events"
	"github.com/armsflow/armsflow/importer"
)

// realEngine returns an engine over the TIV tables and the March 2025
// register, or skips when SIPRI's files are absent.
func realEngine(b *testing.B) *engine.Engine {
	b.Helper()
	root := shareddata.SIPRI(b)
	files, inDir, err := importer.Read([]string{filepath.Join(root, "tiv-2022-04"), filepath.Join(root, "register-2025-03.csv")})
	if err != nil {
		b.Fatal(err)
	}
	res, err := importer.Parse(files, inDir)
	if err != nil {
		b.Fatal(err)
	}
	// SIPRI's real files, parsed once and held in memory, as a warm server
	// process holds them; the starter timeline as events.
	l := &memlib.Library{Content: map[string]*armsflow.Content{}, EventList: events.Starter()}
	for _, d := range res.Datasets {
		ds := d.Dataset
		ds.ImportedAt = time.Now()
		c := &armsflow.Content{}
		for _, f := range d.Files {
			c.Flows = append(c.Flows, f.Content.Flows...)
			c.World = append(c.World, f.Content.World...)
			c.Deals = append(c.Deals, f.Content.Deals...)
			c.Totals = append(c.Totals, f.Content.Totals...)
		}
		l.DatasetList = append(l.DatasetList, ds)
		l.Content[ds.Name] = c
	}
	e, err := engine.New(context.Background(), l)
	if err != nil {
		b.Fatal(err)
	}
	return e
}

// BenchmarkQueries times each query of the command line on the full data in
// a warm engine (datasets loaded and indexed once, as in 'armsflow serve').
// Goal: under 1 ms each.
func BenchmarkQueries(b *testing.B) {
	e := realEngine(b)
	ctx := context.Background()
	p1721 := engine.Years{From: 2017, To: 2021}
	span := engine.Years{From: 2002, To: 2021}
	queries := []struct {
		name string
		run  func() error
	}{
		{"flows-by-year", func() error {
			_, err := e.Flows(ctx, engine.FlowQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: span})
			return err
		}},
		{"flows-by-period", func() error {
			_, err := e.Flows(ctx, engine.FlowQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: span, By: "period"})
			return err
		}},
		{"rank-suppliers-world", func() error {
			_, err := e.Rank(ctx, engine.RankQuery{Side: "suppliers", Years: p1721, Limit: 10})
			return err
		}},
		{"rank-recipients-of-supplier", func() error {
			_, err := e.Rank(ctx, engine.RankQuery{Side: "recipients", Supplier: "Russia", Recipient: "Viet Nam", Years: p1721, Limit: 10})
			return err
		}},
		{"rank-recipients-in-region", func() error {
			_, err := e.Rank(ctx, engine.RankQuery{Side: "recipients", Supplier: "Russia", Region: "South East Asia", Years: span})
			return err
		}},
		{"concentration", func() error {
			_, err := e.Concentration(ctx, engine.ConcentrationQuery{Recipient: "Viet Nam", Years: span})
			return err
		}},
		{"deals", func() error {
			_, err := e.Deals(ctx, engine.DealQuery{Supplier: "Russia", Recipient: "Viet Nam"})
			return err
		}},
		{"timeline", func() error {
			_, err := e.Timeline(ctx, engine.TimelineQuery{Between: []string{"Russia", "Viet Nam"}, Years: span})
			return err
		}},
		// Years past the tables: the register answers, estimated per deal
		// and year, with its straddle shares.
		{"flows-estimated", func() error {
			_, err := e.Flows(ctx, engine.FlowQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: engine.Years{From: 2015, To: 2024}})
			return err
		}},
		{"rank-suppliers-world-estimated", func() error {
			_, err := e.Rank(ctx, engine.RankQuery{Side: "suppliers", Years: engine.Years{From: 2020, To: 2024}, Limit: 10})
			return err
		}},
		// The fact sheets' measures: a change between periods, a region's
		// share of the world, a group counted by year, SIPRI's own totals.
		{"rank-suppliers-compare", func() error {
			_, err := e.Rank(ctx, engine.RankQuery{Side: "suppliers", Years: p1721, Compare: engine.Years{From: 2012, To: 2016}, Limit: 5})
			return err
		}},
		{"rank-recipients-region-world-share", func() error {
			_, err := e.Rank(ctx, engine.RankQuery{Side: "recipients", Region: "Asia and Oceania", Years: p1721})
			return err
		}},
		{"rank-suppliers-of-group", func() error {
			_, err := e.Rank(ctx, engine.RankQuery{Side: "suppliers", Recipient: "European NATO members", Years: p1721, Limit: 10})
			return err
		}},
		{"rank-suppliers-compare-sipri-totals", func() error {
			_, err := e.Rank(ctx, engine.RankQuery{Side: "suppliers", Years: p1721, Compare: engine.Years{From: 2012, To: 2016}, Totals: "sipri", Limit: 5})
			return err
		}},
		{"event-study", func() error {
			_, err := e.EventStudy(ctx, engine.EventStudyQuery{Between: []string{"Russia", "Viet Nam"}, EventID: "2014-crimea-annexation", Window: 5})
			return err
		}},
	}
	for _, q := range queries {
		if err := q.run(); err != nil { // warm: load and index the datasets once
			b.Fatalf("%s: %v", q.name, err)
		}
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := q.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
