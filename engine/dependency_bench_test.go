package engine_test

import (
	"context"
	"testing"

	"github.com/armsflow/armsflow/engine"
)

// BenchmarkDependency times the dependency question on SIPRI's March 2025
// register in a warm engine (datasets loaded and indexed once, as in
// 'armsflow serve'). Goal: under 5 ms each.
func BenchmarkDependency(b *testing.B) {
	e := realEngine(b)
	ctx := context.Background()
	queries := []struct {
		name string
		q    engine.DependencyQuery
	}{
		{"viet-nam-2021", engine.DependencyQuery{Recipient: "Viet Nam", AsOf: 2021}},
		{"india-2024", engine.DependencyQuery{Recipient: "India", AsOf: 2024}},
		{"india-by-category", engine.DependencyQuery{Recipient: "India", AsOf: 2024, By: engine.ByCategory}},
		{"india-series-2002-2021", engine.DependencyQuery{Recipient: "India", Years: engine.Years{From: 2002, To: 2021}}},
	}
	for _, q := range queries {
		if _, err := e.Dependency(ctx, q.q); err != nil { // warm: load and index the register once
			b.Fatalf("%s: %v", q.name, err)
		}
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Dependency(ctx, q.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
