// Command churn keeps an import of a SIPRI trade register running against a
// library for the load benchmark (bench/load.sh): it imports the register,
// deletes it, and again, until the duration is over, so that a server on the
// same library sees the library change all the time and must rebuild its
// snapshot while it serves.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/armsflow/armsflow/importer"
	"github.com/armsflow/armsflow/sqlite"
)

func main() {
	db := flag.String("db", "", "library file")
	file := flag.String("file", "", "SIPRI trade register CSV")
	d := flag.Duration("for", 20*time.Second, "how long to keep importing")
	flag.Parse()
	if err := run(*db, *file, *d); err != nil {
		fmt.Fprintln(os.Stderr, "churn:", err)
		os.Exit(1)
	}
}

func run(path, file string, d time.Duration) error {
	ctx := context.Background()
	files, inDir, err := importer.Read([]string{file})
	if err != nil {
		return err
	}
	res, err := importer.Parse(files, inDir)
	if err != nil {
		return err
	}
	db, err := sqlite.Open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	n := 0
	var spent time.Duration
	for end := time.Now().Add(d); time.Now().Before(end); n++ {
		t := time.Now()
		out, err := db.ImportDatasets(ctx, res.Datasets)
		if err != nil {
			return err
		}
		spent += time.Since(t)
		for _, r := range out {
			if err := db.DeleteDataset(ctx, r.Dataset.Name); err != nil {
				return err
			}
		}
	}
	if n == 0 {
		return fmt.Errorf("no import finished in %v", d)
	}
	fmt.Printf("CHURN imports=%d mean_import_ms=%.0f\n", n, float64(spent.Milliseconds())/float64(n))
	return nil
}
