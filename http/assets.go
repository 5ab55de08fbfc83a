package http

//go:generate ../scripts/web-assets.sh

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	nethttp "net/http"
	"path"
	"strings"
	"sync"
)

// assetsFS holds the app's scripts and styles, and in vendor/ the charting
// library, committed as the npm tarball pinned by web/package-lock.json
// holds it (scripts/web-assets.sh updates it), so that go install alone
// gives pages that draw charts.
//
//go:embed assets templates
var embedded embed.FS

var assetsFS, _ = fs.Sub(embedded, "assets")

// chartLib is the charting library's file under assets/.
const chartLib = "vendor/chart.umd.js"

// ChartsAvailable reports whether the charting library was embedded: false
// only in a tree whose http/assets/vendor/ lost its committed files.
func ChartsAvailable() bool { return assetVersions()[chartLib] != "" }

// assetVersions maps each asset to a digest of its bytes, which its URL
// carries so that browsers may cache it for good. Computed on first use, not
// at process start, since command-line runs never serve assets.
var assetVersions = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	fs.WalkDir(assetsFS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := fs.ReadFile(assetsFS, p)
		if err != nil {
			return nil
		}
		sum := sha256.Sum256(b)
		m[p] = hex.EncodeToString(sum[:6])
		return nil
	})
	return m
})

// assetURL is the URL of the asset at name, with its version.
func assetURL(name string) string {
	return "/assets/" + name + "?v=" + assetVersions()[name]
}

func assetHandler() nethttp.Handler {
	files := nethttp.FileServerFS(assetsFS)
	return nethttp.StripPrefix("/assets/", nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		name := path.Clean(r.URL.Path)
		v, ok := assetVersions()[name]
		if !ok || strings.HasSuffix(name, ".md") {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(nethttp.StatusNotFound)
			if name == chartLib {
				w.Write([]byte("charts unavailable: run scripts/web-assets.sh before go build\n"))
				return
			}
			w.Write([]byte("no such file\n"))
			return
		}
		if r.URL.Query().Get("v") == v {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		files.ServeHTTP(w, r)
	}))
}
