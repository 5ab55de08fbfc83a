// Package memlib is an in-memory library for tests: the engine's Loader
// over plain values, so that queries can be checked on small made-up worlds
// without a SQLite file.
package memlib

import (
	"context"

	"github.com/armsflow/armsflow"
)

// Library holds datasets, their content by dataset name, and events.
type Library struct {
	DatasetList []armsflow.Dataset
	Content     map[string]*armsflow.Content
	EventList   []armsflow.Event
}

// Datasets returns the datasets.
func (l *Library) Datasets(context.Context) ([]armsflow.Dataset, error) { return l.DatasetList, nil }

// LoadContent returns the content of the dataset named, or ENOTFOUND.
func (l *Library) LoadContent(_ context.Context, name string) (*armsflow.Content, error) {
	c, ok := l.Content[name]
	if !ok {
		return nil, armsflow.Errorf(armsflow.ENOTFOUND, "no dataset %q", name)
	}
	return c, nil
}

// Events returns the events.
func (l *Library) Events(context.Context) ([]armsflow.Event, error) { return l.EventList, nil }
