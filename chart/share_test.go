package chart

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestShareBands(t *testing.T) {
	nan := math.NaN()
	c, err := ShareBands(Shares{
		Title: "Viet Nam: stock of major arms in service and 5-year flow, share by supplier, 2017-2021", Source: src,
		Years: years(2017, 2021),
		Series: []ShareSeries{
			{Name: "Russia", Stock: []float64{84, 83.5, 83, 82.8, 82.4}, Low: []float64{82, 81, 81, 80.5, 80.3},
				High: []float64{87, 86.5, 86, 86, 85.7}, Flow: []float64{80, 75, 70, 63, 58.2}},
			{Name: "Israel", Stock: []float64{nan, 5, 5.5, 6, 6.3}, Low: []float64{nan, 4, 4.5, 4.8, 4.9},
				High: []float64{nan, 6, 6.5, 7, 7.1}, Flow: []float64{nan, nan, 12, 15, 17.5}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	svg, err := c.SVG()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Russia: stock", "Israel: 5-yr flow", "Share, %", "30 % shorter"} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if c.Empty {
		t.Error("a chart with shares is empty")
	}
	if *pngDir != "" {
		png, err := c.PNG(0)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(*pngDir, "shares.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	empty, err := ShareBands(Shares{Title: "Nothing", Years: years(2017, 2018)})
	if err != nil || !empty.Empty {
		t.Errorf("no series: %v, empty %v", err, empty != nil && empty.Empty)
	}
	if _, err := ShareBands(Shares{Title: "Bad", Years: years(2017, 2018), Series: []ShareSeries{{Name: "X", Stock: []float64{1}}}}); err == nil {
		t.Error("a series of the wrong length is accepted")
	}
}
