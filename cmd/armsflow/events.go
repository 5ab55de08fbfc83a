package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/events"
	"github.com/armsflow/armsflow/query"
	"github.com/armsflow/armsflow/view"
)

// eventFlags are the flags of events.
type eventFlags struct {
	between, kind, tag, out                string
	id, date, end, title, summary, parties string
	actor, tags, srcTitle, srcPublisher    string
	srcURL, srcDate, srcAccessed           string
	uncertain, force                       bool
}

func (ef *eventFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&ef.between, "between", "", "parties, e.g. --between Russia \"Viet Nam\" (or \"Russia,Viet Nam\")")
	fs.StringVar(&ef.kind, "kind", "", "event kind: "+strings.Join(armsflow.EventKinds, ", "))
	fs.StringVar(&ef.tag, "tag", "", "only events with this tag")
}

// betweenArgs joins --between's value with the positional names after it.
func betweenArgs(value string, rest []string) []string {
	var out []string
	for _, p := range append([]string{value}, rest...) {
		for _, s := range strings.Split(p, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func init() {
	register(&command{
		name:    "events",
		usage:   "events list|add|import|export [--between A B] [--kind K] [--years A-B] [--tag T]",
		summary: "the cooperation timeline: list, add, import or export sourced events",
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			ef := &eventFlags{}
			ef.add(fs)
			fs.StringVar(&o.years, "years", "", "only events in these years, e.g. 2010-2021")
			fs.StringVar(&ef.out, "out", "", "export: write to this file (.yaml, .json or .csv) instead of standard output")
			fs.BoolVar(&ef.force, "force", false, "export: overwrite an existing --out file")
			fs.StringVar(&ef.id, "id", "", "add: the event's id, a slug such as 2014-crimea-sanctions")
			fs.StringVar(&ef.date, "date", "", "add: YYYY, YYYY-MM or YYYY-MM-DD")
			fs.StringVar(&ef.end, "end", "", "add: end date, same forms")
			fs.StringVar(&ef.title, "title", "", "add: a short title")
			fs.StringVar(&ef.summary, "summary", "", "add: a summary in your own words")
			fs.StringVar(&ef.parties, "parties", "", "add: comma-separated parties, e.g. \"Russia,Viet Nam\"")
			fs.StringVar(&ef.actor, "actor", "", "add: a third state acting on the parties")
			fs.StringVar(&ef.tags, "tags", "", "add: comma-separated tags")
			fs.StringVar(&ef.srcTitle, "source-title", "", "add: the source's title")
			fs.StringVar(&ef.srcPublisher, "source-publisher", "", "add: the source's publisher")
			fs.StringVar(&ef.srcURL, "source-url", "", "add: the source's URL")
			fs.StringVar(&ef.srcDate, "source-date", "", "add: the source's date")
			fs.StringVar(&ef.srcAccessed, "source-accessed", "", "add: when you read the source, YYYY-MM-DD")
			fs.BoolVar(&ef.uncertain, "uncertain", false, "add: the date is uncertain (SIPRI's '?')")
			return func(ctx context.Context, a *app, args []string) error { return runEvents(ctx, a, o, ef, args) }
		},
	})
	register(&command{
		name:    "timeline",
		answers: true,
		usage:   specUsage(query.Timeline),
		summary: query.Timeline.Summary,
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			between := fs.String("between", "", "the two parties, e.g. --between Russia \"Viet Nam\"")
			read := query.Timeline.Flags(fs, "dataset", "between")
			return func(ctx context.Context, a *app, args []string) error {
				if err := checkFormat(o); err != nil {
					return err
				}
				parties := betweenArgs(*between, args)
				if len(parties) != 2 {
					return usagef("timeline needs two parties: --between Russia \"Viet Nam\"")
				}
				v, err := readSpec(o, read, map[string]string{"between": strings.Join(parties, ",")})
				if err != nil {
					return err
				}
				return answerSpec(ctx, a, o, query.Timeline, v)
			}
		},
	})
	register(&command{
		name:    "event-study",
		answers: true,
		usage:   specUsage(query.EventStudy),
		summary: query.EventStudy.Summary,
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			between := fs.String("between", "", "supplier and recipient, e.g. --between Russia \"Viet Nam\"")
			read := query.EventStudy.Flags(fs, "dataset", "between")
			return func(ctx context.Context, a *app, args []string) error {
				if err := checkFormat(o); err != nil {
					return err
				}
				parties := betweenArgs(*between, args)
				if len(parties) != 2 {
					return usagef("event-study needs --between SUPPLIER RECIPIENT and --event ID")
				}
				v, err := readSpec(o, read, map[string]string{"between": strings.Join(parties, ",")})
				if err != nil {
					return err
				}
				return answerSpec(ctx, a, o, query.EventStudy, v)
			}
		},
	})
}

func runEvents(ctx context.Context, a *app, o *opts, ef *eventFlags, args []string) error {
	if err := checkFormat(o); err != nil {
		return err
	}
	if len(args) == 0 {
		return usagef("say what to do: events list, add, import FILE or export")
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "list":
		between := betweenArgs(ef.between, rest)
		years, err := engine.ParseYears(o.years)
		if err != nil {
			return err
		}
		return answer(ctx, a, o, func(e *engine.Engine) (*engine.EventResult, error) {
			return e.Events(ctx, engine.EventQuery{Between: between, Kind: ef.kind, Years: years, Tag: ef.tag})
		}, view.Events)
	case "import":
		if len(rest) == 0 {
			return usagef("name the event files to import (.yaml, .json or .csv)")
		}
		db, err := a.open()
		if err != nil {
			return err
		}
		e, err := a.engine(ctx)
		if err != nil {
			return err
		}
		var all []armsflow.Event
		for _, path := range rest {
			format, err := events.FormatOf(path)
			if err != nil {
				return err
			}
			f, err := os.Open(path)
			if err != nil {
				return armsflow.Errorf(armsflow.EINVALID, "%s: cannot read: %v", path, err)
			}
			evs, err := events.Decode(path, f, format)
			f.Close()
			if err != nil {
				return err
			}
			evs, err = events.Validate(path, evs, resolver(e))
			if err != nil {
				return err
			}
			all = append(all, evs...)
		}
		n, err := db.AddEvents(ctx, all)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "imported %d new events (%d already in the library)\n", n, len(all)-n)
		return nil
	case "export":
		between := betweenArgs(ef.between, rest)
		years, err := engine.ParseYears(o.years)
		if err != nil {
			return err
		}
		e, err := a.engine(ctx)
		if err != nil {
			return err
		}
		r, err := e.Events(ctx, engine.EventQuery{Between: between, Kind: ef.kind, Years: years, Tag: ef.tag})
		if err != nil {
			return err
		}
		format := o.format
		if ef.out != "" {
			if format, err = events.FormatOf(ef.out); err != nil {
				return err
			}
			if _, err := os.Stat(ef.out); err == nil && !ef.force {
				return armsflow.Errorf(armsflow.ECONFLICT, "%s exists; pass --force to overwrite it", ef.out)
			}
			tmp, err := os.CreateTemp(filepath.Dir(ef.out), ".armsflow-export-*")
			if err != nil {
				return armsflow.Errorf(armsflow.EINVALID, "%s: cannot write: %v", ef.out, err)
			}
			defer os.Remove(tmp.Name())
			if err := events.Encode(tmp, format, r.Rows); err != nil {
				tmp.Close()
				return err
			}
			if err := tmp.Close(); err != nil {
				return err
			}
			if err := os.Rename(tmp.Name(), ef.out); err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "wrote %s to %s\n", armsflow.Plural(len(r.Rows), "event", "events"), ef.out)
			return nil
		}
		switch format {
		case "", "table", "md", "latex":
			format = "yaml"
		}
		return events.Encode(a.stdout, format, r.Rows)
	case "add":
		if len(rest) > 0 {
			return usagef("unexpected argument %q", rest[0])
		}
		ev := armsflow.Event{ID: ef.id, Date: ef.date, End: ef.end, Uncertain: ef.uncertain, Kind: ef.kind, Title: ef.title,
			Summary: ef.summary, Parties: splitList(ef.parties), Actor: ef.actor, Tags: splitList(ef.tags), Deals: []armsflow.DealRef{}}
		if ef.srcURL != "" || ef.srcTitle != "" || ef.srcPublisher != "" {
			ev.Sources = []armsflow.EventSource{{Title: ef.srcTitle, Publisher: ef.srcPublisher, Date: ef.srcDate, URL: ef.srcURL, Accessed: ef.srcAccessed}}
		}
		db, err := a.open()
		if err != nil {
			return err
		}
		e, err := a.engine(ctx)
		if err != nil {
			return err
		}
		evs, err := events.Validate("events add", []armsflow.Event{ev}, resolver(e))
		if err != nil {
			return err
		}
		n, err := db.AddEvents(ctx, evs)
		if err != nil {
			return err
		}
		if n == 0 {
			fmt.Fprintf(a.stdout, "event %s is already in the library, unchanged\n", ev.ID)
			return nil
		}
		fmt.Fprintf(a.stdout, "added event %s\n", ev.ID)
		return nil
	}
	return usagef("unknown events action %q: use list, add, import or export", sub)
}

func splitList(s string) []string {
	out := []string{}
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// resolver resolves party names for event validation through the registry.
func resolver(e *engine.Engine) func(string) (string, error) {
	return e.Names().CanonicalName
}
