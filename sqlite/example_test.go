package sqlite_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/sqlite"
)

// A TIV table, imported twice: the second import is a no-op.
func Example() {
	dir, err := os.MkdirTemp("", "armsflow-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := sqlite.Open(filepath.Join(dir, "armsflow.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	ctx := context.Background()
	file := armsflow.SourceFile{
		Name:    "TIV-Import-VN-1950-2021.csv",
		SHA256:  "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		Bytes:   2048,
		Subject: "Viet Nam",
	}
	content := armsflow.Content{Flows: []armsflow.Flow{
		{Supplier: "Russia", Recipient: "Viet Nam", Year: 2002, TIV: 54},
		{Supplier: "Russia", Recipient: "Viet Nam", Year: 2003, TIV: 0},
	}}
	ds := armsflow.Dataset{Name: "tiv-2022-04-22", Kind: armsflow.KindTIV, Generated: "2022-04-22",
		Files: []armsflow.SourceFile{file}}
	for range 2 {
		res, err := db.ImportDataset(ctx, ds, []sqlite.FileContent{{File: file, Content: content}})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("created %v, unchanged %v, %d records\n", res.Created, res.Unchanged, res.Dataset.Records)
	}
	c, err := db.LoadContent(ctx, "tiv-2022-04-22")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Flows)
	// Output:
	// created true, unchanged false, 2 records
	// created false, unchanged true, 2 records
	// [{Russia Viet Nam 2002 54} {Russia Viet Nam 2003 0}]
}
