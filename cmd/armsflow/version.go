package main

import (
	"context"
	"flag"
	"fmt"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
)

// version is armsflow's release number; a build from a tagged module
// (go install ...@v0.2.0) reports the module's version instead.
const version = "0.1.0"

// linkRevision and linkTime are set by scripts/release.sh through -ldflags
// -X, for builds whose build info has no VCS stamp (a git worktree, or
// -buildvcs=false); the build info wins when it has one.
var linkRevision, linkTime string

// buildInfo is what the binary knows of how it was built: its module
// version, the VCS revision and commit time, whether the tree had local
// changes, and the Go version. Missing pieces are said to be unknown: a
// build with -buildvcs=false (as CI does) or outside a checkout has no
// revision, and a go run or in-tree build has the version "(devel)".
type buildInfo struct {
	Version  string `json:"version"`
	Module   string `json:"module"`
	Revision string `json:"revision"`
	Time     string `json:"committed"`
	Modified bool   `json:"modified"`
	Go       string `json:"go"`
}

func readBuildInfo() buildInfo {
	b := buildInfo{Version: version, Module: "(devel)", Revision: "unknown", Time: "unknown", Go: runtime.Version()}
	if linkRevision != "" {
		b.Revision = linkRevision
	}
	if linkTime != "" {
		b.Time = linkTime
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	if v := info.Main.Version; v != "" {
		b.Module = v
		// A tagged release (go install ...@v0.2.0) is the version; a
		// pseudo-version that go stamps from a checkout's commit
		// (v0.0.0-20261202065128-f662c04de90d, +dirty when modified) is
		// not, and the revision says which commit it was.
		if v != "(devel)" && !pseudoVersion().MatchString(v) && !strings.Contains(v, "+") {
			b.Version = strings.TrimPrefix(v, "v")
		}
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// pseudoVersion matches the timestamp-and-revision tail of a Go
// pseudo-version.
var pseudoVersion = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\d{14}-[0-9a-f]{12}`) })

// versionText is the one line 'armsflow version' and '--version' print:
// "armsflow 0.1.0 (module (devel), revision 3f2a…, 2026-12-01T10:00:00Z, modified; go1.26.8)".
func versionText() string {
	b := readBuildInfo()
	rev := b.Revision
	if b.Modified {
		rev += ", modified"
	}
	return fmt.Sprintf("armsflow %s (module %s, revision %s, committed %s; %s)", b.Version, b.Module, rev, b.Time, b.Go)
}

func init() {
	register(&command{
		name:    "version",
		answers: true,
		usage:   "version",
		summary: "armsflow's version, the VCS revision and date it was built from, and the Go version",
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			return func(ctx context.Context, a *app, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				if o.format == "json" {
					return a.output(o, readBuildInfo(), nil)
				}
				fmt.Fprintln(a.stdout, versionText())
				return nil
			}
		},
	})
}
