package http

import (
	"bufio"
	"bytes"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"io/fs"
	"os"
	"strings"
	"testing"
)

// TestVendoredChartLibrary checks that the chart library embedded in the
// binary is the one web/package-lock.json pins: chart.js.pin must name the
// lock file's version and tarball integrity, and the sha512 (base64, as npm
// writes integrity) of each embedded file must be the one the pin recorded
// when scripts/web-assets.sh took it from that tarball. The file's own
// banner must name the same version.
func TestVendoredChartLibrary(t *testing.T) {
	raw, err := os.ReadFile("../web/package-lock.json")
	if err != nil {
		t.Fatal(err)
	}
	var lock struct {
		Packages map[string]struct{ Version, Integrity string } `json:"packages"`
	}
	if err := json.Unmarshal(raw, &lock); err != nil {
		t.Fatalf("web/package-lock.json: %v", err)
	}
	want := lock.Packages["node_modules/chart.js"]
	if want.Version == "" || !strings.HasPrefix(want.Integrity, "sha512-") {
		t.Fatalf("web/package-lock.json pins no chart.js with a sha512 integrity: %+v", want)
	}

	pin, err := fs.ReadFile(assetsFS, "vendor/chart.js.pin")
	if err != nil {
		t.Fatalf("no vendor/chart.js.pin embedded (%v): run scripts/web-assets.sh and commit http/assets/vendor/", err)
	}
	files := map[string]string{}
	var version, tarball string
	sc := bufio.NewScanner(bytes.NewReader(pin))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "version":
			version = f[1]
		case len(f) == 2 && f[0] == "tarball":
			tarball = f[1]
		case len(f) == 3 && f[0] == "file":
			files[f[1]] = f[2]
		}
	}
	if version != want.Version || tarball != want.Integrity {
		t.Fatalf("vendor/chart.js.pin is chart.js %s (tarball %s), but web/package-lock.json pins %s (%s): run scripts/web-assets.sh",
			version, tarball, want.Version, want.Integrity)
	}
	for _, name := range []string{"chart.umd.js", "chart.js.LICENSE.md"} {
		b, err := fs.ReadFile(assetsFS, "vendor/"+name)
		if err != nil {
			t.Fatalf("vendor/%s not embedded: %v", name, err)
		}
		sum := sha512.Sum512(b)
		got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
		if got != files[name] {
			t.Errorf("embedded vendor/%s has integrity %s, the pin says %s: the file was changed; run scripts/web-assets.sh", name, got, files[name])
		}
	}
	lib, _ := fs.ReadFile(assetsFS, chartLib)
	if head := string(lib[:min(len(lib), 200)]); !strings.Contains(head, "Chart.js v"+want.Version) {
		t.Errorf("embedded %s does not say it is Chart.js v%s: %q", chartLib, want.Version, head)
	}
	if !ChartsAvailable() {
		t.Error("ChartsAvailable() is false with the library embedded")
	}
}
