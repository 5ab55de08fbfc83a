package armsflow

import "context"

// HeadLister is a Loader that can list its datasets without their files.
// A dataset's file list (one SourceFile for each of the 261 files of SIPRI's
// TIV tables) is most of what listing the datasets reads, and only
// provenance needs it (the datasets listing, a report's sources), not a
// query: a one-off command that ranks or sums need not read it. The engine
// lists the datasets with DatasetHeads when its loader has it, and asks
// Datasets for the files the first time they are wanted.
type HeadLister interface {
	// DatasetHeads returns what Datasets returns, in the same order, but
	// with every dataset's Files nil: not read, rather than none.
	DatasetHeads(ctx context.Context) ([]Dataset, error)
}
