package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"

	"github.com/armsflow/armsflow"
)

// AddEvents stores evs in one transaction and returns how many it added.
// An event whose id is already stored with identical content (Line aside) is
// skipped, so re-importing a file is a no-op; one stored with other content
// is ECONFLICT naming the id (and the event's line when known), and nothing
// is written.
func (db *DB) AddEvents(ctx context.Context, evs []armsflow.Event) (added int, err error) {
	for i := range evs {
		if err := checkEvent(&evs[i]); err != nil {
			return 0, err
		}
	}
	err = db.update(ctx, "adding events", func(tx *sql.Tx) error {
		added, err = addEventsTx(ctx, tx, evs)
		return err
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// addEventsTx adds evs, already checked, in tx: AddEvents's work, shared
// with the creation of a library that writes its seed.
func addEventsTx(ctx context.Context, tx *sql.Tx, evs []armsflow.Event) (added int, err error) {
	stored, err := loadEvents(ctx, tx)
	if err != nil {
		return 0, err
	}
	have := make(map[string]armsflow.Event, len(stored)+len(evs))
	for _, e := range stored {
		have[e.ID] = e
	}
	batch := map[string]int{} // id → index in evs of the events added by this call
	ins, err := prepareEventInserts(ctx, tx)
	if err != nil {
		return 0, wrap(err, "adding events")
	}
	defer ins.close()
	for i := range evs {
		e := normEvent(evs[i])
		if old, ok := have[e.ID]; ok {
			if sameEvent(old, e) {
				continue
			}
			return 0, eventConflict(evs, i, batch)
		}
		if err := ins.event(ctx, &e); err != nil {
			return 0, wrap(err, "adding event %q", e.ID)
		}
		have[e.ID] = e
		batch[e.ID] = i
		added++
	}
	if added == 0 {
		return 0, nil
	}
	return added, bumpVersion(ctx, tx)
}

// eventConflict says that evs[i] has the id of another event with other
// content: one stored before, or one given earlier in evs (in batch).
func eventConflict(evs []armsflow.Event, i int, batch map[string]int) error {
	e := &evs[i]
	at := ""
	if e.Line > 0 {
		at = fmt.Sprintf(" (line %d)", e.Line)
	}
	other := "the stored event of the same id"
	if j, ok := batch[e.ID]; ok {
		other = "an earlier event of the same id"
		if evs[j].Line > 0 {
			other = fmt.Sprintf("the event of line %d, which has the same id", evs[j].Line)
		}
	}
	return armsflow.Errorf(armsflow.ECONFLICT,
		"event %q%s differs from %s: give the new event another id, or edit the stored one", e.ID, at, other)
}

// PutEvent stores e, replacing any event of the same id (editing).
func (db *DB) PutEvent(ctx context.Context, e armsflow.Event) error {
	if err := checkEvent(&e); err != nil {
		return err
	}
	e = normEvent(e)
	what := fmt.Sprintf("storing event %q", e.ID)
	return db.update(ctx, what, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM events WHERE id = ?`, e.ID); err != nil {
			return wrap(err, "%s", what)
		}
		ins, err := prepareEventInserts(ctx, tx)
		if err != nil {
			return wrap(err, "%s", what)
		}
		defer ins.close()
		if err := ins.event(ctx, &e); err != nil {
			return wrap(err, "%s", what)
		}
		return bumpVersion(ctx, tx)
	})
}

// DeleteEvent deletes the event of id id. It is ENOTFOUND when there is none.
func (db *DB) DeleteEvent(ctx context.Context, id string) error {
	what := fmt.Sprintf("deleting event %q", id)
	return db.update(ctx, what, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `DELETE FROM events WHERE id = ?`, id)
		if err != nil {
			return wrap(err, "%s", what)
		}
		if n, err := r.RowsAffected(); err != nil {
			return wrap(err, "%s", what)
		} else if n == 0 {
			return armsflow.Errorf(armsflow.ENOTFOUND, "no event %q", id)
		}
		return bumpVersion(ctx, tx)
	})
}

// Events returns all events ordered by date, then id. Their Parties,
// Sources, Tags and Deals are never nil; Line is 0.
func (db *DB) Events(ctx context.Context) ([]armsflow.Event, error) {
	var evs []armsflow.Event
	err := db.view(ctx, "reading events", func(tx *sql.Tx) error {
		var err error
		evs, err = loadEvents(ctx, tx)
		return err
	})
	return evs, err
}

// checkEvent refuses an event the library cannot key.
func checkEvent(e *armsflow.Event) error {
	if strings.TrimSpace(e.ID) == "" {
		if e.Line > 0 {
			return armsflow.Errorf(armsflow.EINVALID, "event of line %d has no id", e.Line)
		}
		return armsflow.Errorf(armsflow.EINVALID, "event %q has no id", e.Title)
	}
	return nil
}

// normEvent returns e as Events would return it: lists never nil, Line 0.
func normEvent(e armsflow.Event) armsflow.Event {
	e.Line = 0
	e.NormalizeLists()
	return e
}

// sameEvent reports whether a and b have the same content, Line aside.
func sameEvent(a, b armsflow.Event) bool {
	a, b = normEvent(a), normEvent(b)
	return reflect.DeepEqual(a, b)
}

// eventInserts holds the prepared statements that store events.
type eventInserts struct {
	ev, party, source, tag, deal *sql.Stmt
}

func prepareEventInserts(ctx context.Context, tx *sql.Tx) (*eventInserts, error) {
	var ins eventInserts
	for _, p := range []struct {
		s **sql.Stmt
		q string
	}{
		{&ins.ev, `INSERT INTO events (id, date, precision, end_date, uncertain, kind, title, summary, actor)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&ins.party, `INSERT INTO event_parties (event, position, party) VALUES (?, ?, ?)`},
		{&ins.source, `INSERT INTO event_sources (event, position, title, publisher, date, url, accessed) VALUES (?, ?, ?, ?, ?, ?, ?)`},
		{&ins.tag, `INSERT INTO event_tags (event, position, tag) VALUES (?, ?, ?)`},
		{&ins.deal, `INSERT INTO event_deals (event, position, supplier, recipient, designation, order_year) VALUES (?, ?, ?, ?, ?, ?)`},
	} {
		s, err := tx.PrepareContext(ctx, p.q)
		if err != nil {
			ins.close()
			return nil, err
		}
		*p.s = s
	}
	return &ins, nil
}

func (ins *eventInserts) close() {
	for _, s := range []*sql.Stmt{ins.ev, ins.party, ins.source, ins.tag, ins.deal} {
		if s != nil {
			s.Close()
		}
	}
}

// event stores e, whose id must be free.
func (ins *eventInserts) event(ctx context.Context, e *armsflow.Event) error {
	if _, err := ins.ev.ExecContext(ctx, e.ID, e.Date, e.Precision, e.End, e.Uncertain, e.Kind, e.Title, e.Summary, e.Actor); err != nil {
		return err
	}
	for i, p := range e.Parties {
		if _, err := ins.party.ExecContext(ctx, e.ID, i, p); err != nil {
			return err
		}
	}
	for i, s := range e.Sources {
		if _, err := ins.source.ExecContext(ctx, e.ID, i, s.Title, s.Publisher, s.Date, s.URL, s.Accessed); err != nil {
			return err
		}
	}
	for i, t := range e.Tags {
		if _, err := ins.tag.ExecContext(ctx, e.ID, i, t); err != nil {
			return err
		}
	}
	for i, d := range e.Deals {
		if _, err := ins.deal.ExecContext(ctx, e.ID, i, d.Supplier, d.Recipient, d.Designation, d.OrderYear); err != nil {
			return err
		}
	}
	return nil
}

// loadEvents reads all events, ordered by date then id.
func loadEvents(ctx context.Context, q querier) ([]armsflow.Event, error) {
	fail := func(err error, table string) error { return wrap(err, "reading events: %s", table) }
	rows, err := q.QueryContext(ctx, `SELECT id, date, precision, end_date, uncertain, kind, title, summary, actor
		FROM events ORDER BY date, id`)
	if err != nil {
		return nil, fail(err, "events")
	}
	defer rows.Close()
	evs := []armsflow.Event{}
	index := map[string]int{}
	for rows.Next() {
		var e armsflow.Event
		if err := rows.Scan(&e.ID, &e.Date, &e.Precision, &e.End, &e.Uncertain, &e.Kind, &e.Title, &e.Summary, &e.Actor); err != nil {
			return nil, fail(err, "events")
		}
		index[e.ID] = len(evs)
		evs = append(evs, normEvent(e))
	}
	if err := rows.Err(); err != nil {
		return nil, fail(err, "events")
	}
	rows.Close()

	// each reads one child table in order and hands every row to add.
	each := func(table, cols string, scan func(rows *sql.Rows) (id string, err error)) error {
		rows, err := q.QueryContext(ctx, `SELECT event, `+cols+` FROM `+table+` ORDER BY event, position`)
		if err != nil {
			return fail(err, table)
		}
		defer rows.Close()
		for rows.Next() {
			if _, err := scan(rows); err != nil {
				return fail(err, table)
			}
		}
		return fail(rows.Err(), table)
	}
	var id string
	at := func(id string) *armsflow.Event {
		if i, ok := index[id]; ok {
			return &evs[i]
		}
		return &armsflow.Event{} // an orphan row; foreign keys prevent it
	}
	if err := each("event_parties", "party", func(rows *sql.Rows) (string, error) {
		var p string
		if err := rows.Scan(&id, &p); err != nil {
			return "", err
		}
		e := at(id)
		e.Parties = append(e.Parties, p)
		return id, nil
	}); err != nil {
		return nil, err
	}
	if err := each("event_sources", "title, publisher, date, url, accessed", func(rows *sql.Rows) (string, error) {
		var s armsflow.EventSource
		if err := rows.Scan(&id, &s.Title, &s.Publisher, &s.Date, &s.URL, &s.Accessed); err != nil {
			return "", err
		}
		e := at(id)
		e.Sources = append(e.Sources, s)
		return id, nil
	}); err != nil {
		return nil, err
	}
	if err := each("event_tags", "tag", func(rows *sql.Rows) (string, error) {
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			return "", err
		}
		e := at(id)
		e.Tags = append(e.Tags, t)
		return id, nil
	}); err != nil {
		return nil, err
	}
	if err := each("event_deals", "supplier, recipient, designation, order_year", func(rows *sql.Rows) (string, error) {
		var d armsflow.DealRef
		if err := rows.Scan(&id, &d.Supplier, &d.Recipient, &d.Designation, &d.OrderYear); err != nil {
			return "", err
		}
		e := at(id)
		e.Deals = append(e.Deals, d)
		return id, nil
	}); err != nil {
		return nil, err
	}
	return evs, nil
}
