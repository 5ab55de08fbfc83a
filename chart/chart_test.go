package chart

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// pngDir, when set, receives each test chart as PNG for a person to look at.
var pngDir = flag.String("png", "", "write each chart's PNG into this directory")

const src = "Source: SIPRI Arms Transfers Database (dataset tiv-2022-04-22, generated 2022-04-22)"

func years(from, to int) []int {
	var ys []int
	for y := from; y <= to; y++ {
		ys = append(ys, y)
	}
	return ys
}

func fixtures(t *testing.T) map[string]*Chart {
	t.Helper()
	must := func(c *Chart, err error) *Chart {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	x2001, _ := MarkerX("2001-03-01")
	x2011, _ := MarkerX("2011")
	return map[string]*Chart{
		"yearly": must(YearlyBars(Yearly{
			Title:      "Arms transfers from Russia to Viet Nam, 2002-2021",
			Source:     src,
			Years:      years(2002, 2011),
			TIV:        []float64{54, 316, 0, 0, 105, 93, 128, 218, 521, 1028},
			Deliveries: []bool{true, true, true, false, true, true, true, true, true, true},
			Markers:    []Marker{{X: x2001 + 2, Label: "Strategic partnership declaration"}, {X: x2011, Label: "Submarine contract"}},
		})),
		"yearly-crowded": must(YearlyBars(Yearly{
			Title: "Arms transfers from Russia to Viet Nam, 2002-2021", Source: src, Years: years(2002, 2021),
			TIV: []float64{54, 2, 294, 164, 16, 2, 164, 53, 149, 974, 760, 313, 1064, 738, 1032, 379, 264, 131, 59, 21},
			Markers: []Marker{{X: 2001.2, Label: "Strategic partnership"}, {X: 2009.3, Label: "Su-30 and submarine contracts"},
				{X: 2009.4, Label: "Kilo-class submarines ordered"}, {X: 2009.45, Label: "Third label, no room"},
				{X: 2012.56, Label: "Comprehensive strategic partnership"}, {X: 2016.4, Label: "US lifts arms embargo"},
				{X: 2017.6, Label: "CAATSA"}},
		})),
		"yearly-empty": must(YearlyBars(Yearly{Title: "Arms transfers from Iceland to Viet Nam, 2002-2021", Source: src,
			Years: years(2002, 2021), TIV: make([]float64, 20)})),
		"stacked": must(StackedSuppliers(Stacked{
			Title: "Arms imports of Viet Nam by supplier, 2002-2006", Source: src, Years: years(2002, 2006), Top: 2,
			Series: []Series{
				{Name: "Russia", Values: []float64{54, 316, 0, 0, 105}},
				{Name: "Ukraine", Values: []float64{10, 0, 20, 5, 0}},
				{Name: "Israel", Values: []float64{0, 0, 4, 0, 40}},
				{Name: "=cmd|' /C calc'!A0", Values: []float64{1, 2, 0, 0, 0}},
			},
		})),
		"categories-long": must(CategoryBars(Categories{ // title and source wrap, nothing is clipped
			Title:  "Transfers from United Kingdom of Great Britain and Northern Ireland to Viet Nam by weapon category (register), 2002-2021",
			Source: src + "; categories mapped from weapon descriptions by armsflow, not by SIPRI",
			Names:  []string{"Air defence systems", "Ships"},
			TIV:    []float64{12.5, 3},
		})),
		"categories": must(CategoryBars(Categories{
			Title: "Imports of Viet Nam by weapon category, 2002-2021", Source: src,
			Names: []string{"Aircraft", "Ships", "Missiles", "Air defence systems"},
			TIV:   []float64{3080, 2014, 1222.5, 600},
		})),
	}
}

func TestGolden(t *testing.T) {
	for name, c := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			svg, err := c.SVG()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(svg, []byte("Source: SIPRI Arms Transfers Database")) {
				t.Error("no source line")
			}
			if bytes.Contains(svg, []byte("http://fonts")) || bytes.Contains(svg, []byte("@font-face")) {
				t.Error("the SVG fetches or embeds a font")
			}
			golden := filepath.Join("testdata", name+".svg")
			if *update {
				if err := os.WriteFile(golden, svg, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run 'go test ./chart -update' to create it)", err)
			}
			if !bytes.Equal(svg, want) {
				t.Errorf("%s differs from the golden file; look at the PNG (go test ./chart -png DIR) and run 'go test ./chart -update' if the change is right", golden)
			}
			pngb, err := c.PNG(0)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(pngb))
			if err != nil {
				t.Fatal(err)
			}
			if w := img.Bounds().Dx(); w != 945 { // 16 cm at 150 dpi
				t.Errorf("PNG is %d px wide, want 945", w)
			}
			if *pngDir != "" {
				if err := os.WriteFile(filepath.Join(*pngDir, name+".png"), pngb, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func TestEmpty(t *testing.T) {
	cases := map[string]func() (*Chart, error){
		"yearly no years": func() (*Chart, error) { return YearlyBars(Yearly{Title: "t"}) },
		"yearly zeros":    func() (*Chart, error) { return YearlyBars(Yearly{Title: "t", Years: []int{2000}, TIV: []float64{0}}) },
		"stacked none":    func() (*Chart, error) { return StackedSuppliers(Stacked{Title: "t", Years: []int{2000}}) },
		"stacked zeros": func() (*Chart, error) {
			return StackedSuppliers(Stacked{Title: "t", Years: []int{2000}, Series: []Series{{Name: "A", Values: []float64{0}}}})
		},
		"categories none": func() (*Chart, error) { return CategoryBars(Categories{Title: "t"}) },
	}
	for name, f := range cases {
		c, err := f()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !c.Empty {
			t.Errorf("%s: not marked empty", name)
		}
		svg, err := c.SVG()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(svg), "No transfers recorded") {
			t.Errorf("%s: no message", name)
		}
	}
	// A year of deliveries worth less than 0.5 million is not empty.
	c, _ := YearlyBars(Yearly{Title: "t", Years: []int{2000}, TIV: []float64{0}, Deliveries: []bool{true}})
	if c.Empty {
		t.Error("a delivery of TIV 0 (< 0.5) drew the empty chart")
	}
}

func TestMismatch(t *testing.T) {
	if _, err := YearlyBars(Yearly{Years: []int{1, 2}, TIV: []float64{1}}); err == nil {
		t.Error("yearly: no error for mismatched lengths")
	}
	if _, err := StackedSuppliers(Stacked{Years: []int{1, 2}, Series: []Series{{Name: "a", Values: []float64{1}}}}); err == nil {
		t.Error("stacked: no error for mismatched lengths")
	}
	if _, err := CategoryBars(Categories{Names: []string{"a"}}); err == nil {
		t.Error("categories: no error for mismatched lengths")
	}
}

func TestMarkerX(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"2001", 2001, true}, {"2001-01-01", 2000.5, true}, {"2001-07", 2001 + 6.0/12 + 14.0/31/12 - 0.5, true},
		{"20011", 0, false}, {"2001-13", 0, false}, {"x", 0, false}, {"2001-02-40", 0, false},
	} {
		got, ok := MarkerX(c.in)
		if ok != c.ok || (ok && (got-c.want) > 1e-9 || (c.want-got) > 1e-9) {
			t.Errorf("MarkerX(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestThousands(t *testing.T) {
	for in, want := range map[float64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -2500: "-2,500", 1.5: "1.5", 1222.5: "1,222.5", -1222.5: "-1,222.5"} {
		if got := thousands(in); got != want {
			t.Errorf("thousands(%v) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkYearlySVG(b *testing.B) {
	tiv := make([]float64, 20)
	for i := range tiv {
		tiv[i] = float64(100 * i)
	}
	c, _ := YearlyBars(Yearly{Title: "t", Source: src, Years: years(2002, 2021), TIV: tiv, Markers: []Marker{{X: 2010, Label: "x"}}})
	for b.Loop() {
		if _, err := c.SVG(); err != nil {
			b.Fatal(err)
		}
	}
}
