package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCompletionBash sources the bash script and asks it for completions
// as bash would, with a stand-in armsflow that lists two datasets.
func TestCompletionBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not installed: skipping the bash completion test")
	}
	code, script, stderr := runCLI(t, context.Background(), "", "completion", "bash")
	if code != 0 {
		t.Fatalf("completion bash: exit %d: %s", code, stderr)
	}
	file := filepath.Join(t.TempDir(), "armsflow.bash")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		line string // the words typed, the last one being completed
		want []string
		not  []string
	}{
		{"armsflow ra", []string{"rank"}, []string{"flows"}},
		{"armsflow ", []string{"completion", "flows", "import", "panel", "version", "help"}, nil},
		{"armsflow rank --l", []string{"--limit"}, nil},
		{"armsflow rank ", []string{"suppliers", "recipients"}, nil},
		{"armsflow --db x.db rank --years 2002-2021 s", []string{"suppliers"}, []string{"recipients"}},
		{"armsflow flows --format ", []string{"table", "csv", "json", "md", "latex"}, nil},
		{"armsflow flows --dataset ", []string{"tiv-2022-04-22", "register-2025-10-23"}, nil},
		{"armsflow --db x.db panel --dataset t", []string{"tiv-2022-04-22"}, []string{"register-2025-10-23"}},
		{"armsflow panel --", []string{"--out", "--years", "--all-pairs", "--states-only", "--code"}, nil},
		{"armsflow completion ", []string{"bash", "zsh", "fish"}, nil},
		// A query's flag completes to its spec's values, per command.
		{"armsflow flows --by ", []string{"year", "period"}, []string{"supplier"}},
		{"armsflow dependency --recipient VNM --by ", []string{"supplier", "category"}, []string{"year"}},
		{"armsflow standing Russia --side ", []string{"suppliers", "recipients"}, nil},
		{"armsflow rank suppliers --totals ", []string{"sum", "sipri"}, nil},
	}
	for _, tt := range tests {
		words := strings.Split(tt.line, " ")
		var quoted []string
		for _, w := range words {
			quoted = append(quoted, "'"+w+"'")
		}
		sh := "armsflow() { printf 'tiv-2022-04-22\\nregister-2025-10-23\\n'; }\nsource " + file +
			"\nCOMP_WORDS=(" + strings.Join(quoted, " ") + ")\nCOMP_CWORD=" + strconv.Itoa(len(words)-1) +
			"\n_armsflow\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
		out, err := exec.Command(bash, "--norc", "-c", sh).CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", tt.line, err, out)
		}
		got := map[string]bool{}
		for _, w := range strings.Fields(string(out)) {
			got[w] = true
		}
		for _, w := range tt.want {
			if !got[w] {
				t.Errorf("%q completes to %q, want %q among them", tt.line, strings.Fields(string(out)), w)
			}
		}
		for _, w := range tt.not {
			if got[w] {
				t.Errorf("%q completes to %q, which should not hold %q", tt.line, strings.Fields(string(out)), w)
			}
		}
	}
}

func TestCompletionScripts(t *testing.T) {
	for _, sh := range []string{"zsh", "fish"} {
		code, script, stderr := runCLI(t, context.Background(), "", "completion", sh)
		if code != 0 {
			t.Fatalf("completion %s: exit %d: %s", sh, code, stderr)
		}
		for _, want := range []string{"panel", "dataset", "completion --datasets", "suppliers recipients", "all-pairs"} {
			if !strings.Contains(script, want) {
				t.Errorf("completion %s lacks %q", sh, want)
			}
		}
		// A shell that is installed checks the script's syntax.
		if path, err := exec.LookPath(sh); err == nil {
			file := filepath.Join(t.TempDir(), "c."+sh)
			os.WriteFile(file, []byte(script), 0o644)
			if out, err := exec.Command(path, "-n", file).CombinedOutput(); err != nil {
				t.Errorf("%s -n: %v\n%s", sh, err, out)
			}
		}
	}
	if code, _, _ := runCLI(t, context.Background(), "", "completion", "tcsh"); code != 2 {
		t.Errorf("completion tcsh: exit %d, want 2", code)
	}
}

// TestCompletionDatasets lists the library's datasets, and never creates a
// library where there is none.
func TestCompletionDatasets(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	code, out, stderr := runCLI(t, context.Background(), "", "--db", db, "completion", "--datasets")
	if code != 0 || out != "" {
		t.Fatalf("completion --datasets without a library: exit %d, %q, %s", code, out, stderr)
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("completion --datasets created a library")
	}
	lib := realDB(t)
	code, out, stderr = runCLI(t, context.Background(), "", "--db", lib, "completion", "--datasets")
	if code != 0 || !strings.Contains(out, "tiv-2022-04-22\n") {
		t.Fatalf("completion --datasets: exit %d, %q, %s", code, out, stderr)
	}
}
