package armsflow

import (
	"context"
	"time"
)

// This file holds the contracts between the parts of armsflow: the values an
// import hands to the library, and the small interfaces through which the
// engine, the importer and the web server use a library. The SQLite adapter
// (package sqlite) implements them all; tests implement the few they need
// (internal/memlib), so that no package but cmd has to know which library
// it talks to.

// FileContent is one source file of an import with the records parsed from it.
type FileContent struct {
	File    SourceFile
	Content Content
}

// DatasetImport is one dataset of an import: the dataset and the files
// (with their content) it is to hold.
type DatasetImport struct {
	Dataset Dataset
	Files   []FileContent
}

// ImportResult says what an import did to one dataset.
type ImportResult struct {
	Dataset    Dataset // the dataset as stored after the import, with all its files
	Created    bool    // the dataset was new
	Unchanged  bool    // the dataset already held every file: nothing was written
	AddedFiles int     // files added to the dataset (all of them when Created)
}

// Loader is what the engine reads a library through.
type Loader interface {
	Datasets(ctx context.Context) ([]Dataset, error)
	LoadContent(ctx context.Context, name string) (*Content, error)
	Events(ctx context.Context) ([]Event, error)
}

// Importer stores datasets: all of the imports or, on any error, none.
// It returns one result per import, in order.
type Importer interface {
	ImportDatasets(ctx context.Context, imports []DatasetImport) ([]ImportResult, error)
}

// EventStore changes the cooperation timeline. AddEvents adds events whose
// ID is new and reports how many it added; PutEvent replaces (or adds) the
// event of e.ID; DeleteEvent removes one (ENOTFOUND when there is none).
type EventStore interface {
	AddEvents(ctx context.Context, evs []Event) (added int, err error)
	PutEvent(ctx context.Context, e Event) error
	DeleteEvent(ctx context.Context, id string) error
}

// UserStore finds users and keeps their sessions. A user that does not exist
// is an ENOTFOUND error; a token or session that is unknown or expired is an
// EUNAUTHORIZED one.
type UserStore interface {
	User(ctx context.Context, name string) (User, error)
	TokenUser(ctx context.Context, token string) (User, error)
	CreateSession(ctx context.Context, user string, ttl time.Duration) (token string, err error)
	SessionUser(ctx context.Context, token string) (User, error)
	DeleteSession(ctx context.Context, token string) error
}

// Versioned libraries report a number that changes whenever their content
// does, so that readers know when to read again.
type Versioned interface {
	Version(ctx context.Context) (int64, error)
}

// Library is everything the web server needs of a library.
type Library interface {
	Loader
	Versioned
	Importer
	EventStore
	UserStore
}

// NormalizeLists makes e's lists non-nil, as every reader of events returns
// them, so that an event reads the same (`[]`, not `null`) whichever way it
// came in.
func (e *Event) NormalizeLists() {
	if e.Parties == nil {
		e.Parties = []string{}
	}
	if e.Sources == nil {
		e.Sources = []EventSource{}
	}
	if e.Tags == nil {
		e.Tags = []string{}
	}
	if e.Deals == nil {
		e.Deals = []DealRef{}
	}
}
