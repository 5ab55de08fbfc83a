// Package duckdbtest runs SQL in DuckDB for tests that read a file that
// armsflow wrote back with an outside reader: DuckDB's npm package
// (bench/package.json, installed by scripts/test.sh with npm ci) run by
// node. A test that needs it skips, saying why, where either is missing.
package duckdbtest

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// benchDir finds the module's bench/ directory above the working directory.
func benchDir() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "bench")
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

// Available says whether DuckDB can be run, and if not why.
func Available() (node, bench string, why string) {
	bench = benchDir()
	node, err := exec.LookPath("node")
	if err != nil {
		return "", "", "node is not installed"
	}
	if st, err := os.Stat(filepath.Join(bench, "node_modules", "@duckdb", "node-api")); err != nil || !st.IsDir() {
		return "", "", "DuckDB's npm package is not installed (npm ci --prefix bench)"
	}
	return node, bench, ""
}

// Query runs each statement in one DuckDB session and returns each one's
// rows as JSON objects (numbers as json.Number; DuckDB gives BIGINT and
// DATE values as strings, lists as arrays, structs as objects). It skips
// the test when DuckDB is not installed and fails it on a DuckDB error.
func Query(t testing.TB, statements ...string) [][]map[string]any {
	t.Helper()
	node, bench, why := Available()
	if why != "" {
		t.Skipf("%s: the file was not read back by DuckDB", why)
	}
	qs, _ := json.Marshal(statements)
	script := `import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const out = [];
for (const q of ` + string(qs) + `) {
  const r = await con.runAndReadAll(q);
  out.push(r.getRowObjectsJson());
}
console.log(JSON.stringify(out));`
	cmd := exec.Command(node, "--input-type=module", "-e", script)
	cmd.Dir = bench
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("DuckDB: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	var res [][]map[string]any
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&res); err != nil {
		t.Fatalf("DuckDB's answer: %v: %.300s", err, out)
	}
	return res
}

// SQLString quotes s as an SQL string literal.
func SQLString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
