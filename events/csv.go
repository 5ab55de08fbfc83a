package events

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/armsflow/armsflow"
)

// csvColumns are the columns Encode writes, in order.
var csvColumns = []string{"id", "date", "precision", "end", "uncertain", "kind", "title", "summary", "parties", "actor", "sources", "tags", "deals"}

// csvRequired are the columns a CSV event file must have.
var csvRequired = []string{"id", "date", "kind", "title", "parties"}

// listSep joins the items of a list cell.
const listSep = " | "

// isFormulaStart reports whether a spreadsheet would run a cell beginning
// with c as a formula.
func isFormulaStart(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// defuse returns s as a CSV cell that no spreadsheet runs as a formula: a
// leading apostrophe before a formula character, and before an apostrophe
// (so that undefuse tells the two apart).
func defuse(s string) string {
	if s != "" && (isFormulaStart(s[0]) || s[0] == '\'') {
		return "'" + s
	}
	return s
}

// undefuse undoes defuse.
func undefuse(s string) string {
	if len(s) >= 2 && s[0] == '\'' && (isFormulaStart(s[1]) || s[1] == '\'') {
		return s[1:]
	}
	return s
}

func decodeCSV(name string, data []byte) ([]armsflow.Event, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 BOM, as spreadsheets write
	if !utf8.Valid(data) {
		return nil, armsflow.Errorf(armsflow.EINVALID, "%s: not UTF-8 text; save the CSV file as UTF-8", name)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return []armsflow.Event{}, nil // an empty file holds no events
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		known := false
		for _, c := range csvColumns {
			known = known || c == h
		}
		if !known {
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s:1: unknown column %q (the columns are %s)", name, header[i], strings.Join(csvColumns, ", "))
		}
		if _, dup := col[h]; dup {
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s:1: column %q given twice", name, h)
		}
		col[h] = i
	}
	for _, c := range csvRequired {
		if _, ok := col[c]; !ok {
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s:1: no %q column (the columns are %s)", name, c, strings.Join(csvColumns, ", "))
		}
	}
	evs := []armsflow.Event{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue // a blank line
			}
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d: %s, but the header has %d", name, line, armsflow.Plural(len(rec), "cell", "cells"), len(header))
		}
		cell := func(c string) string {
			if i, ok := col[c]; ok {
				return undefuse(rec[i])
			}
			return ""
		}
		ev := armsflow.Event{
			ID: cell("id"), Date: cell("date"), Precision: cell("precision"), End: cell("end"),
			Kind: cell("kind"), Title: cell("title"), Summary: cell("summary"),
			Parties: splitCell(cell("parties")), Actor: cell("actor"), Tags: splitCell(cell("tags")),
			Line: line,
		}
		switch strings.ToLower(strings.TrimSpace(cell("uncertain"))) {
		case "", "false", "no", "0":
		case "true", "yes", "1", "?":
			ev.Uncertain = true
		default:
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d: uncertain is %q: write true or false", name, line, cell("uncertain"))
		}
		if err := jsonCell(cell("sources"), &ev.Sources); err != nil {
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d: sources must be a JSON list of {\"title\", \"publisher\", \"date\", \"url\", \"accessed\"}: %v", name, line, err)
		}
		if err := jsonCell(cell("deals"), &ev.Deals); err != nil {
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d: deals must be a JSON list of {\"supplier\", \"recipient\", \"designation\", \"order_year\"}: %v", name, line, err)
		}
		evs = append(evs, ev)
	}
	return evs, nil
}

// csvError turns a csv.ParseError into "name:line:column: what".
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return armsflow.Errorf(armsflow.EINVALID, "%s:%d:%d: %v", name, pe.Line, pe.Column, pe.Err)
	}
	return armsflow.Errorf(armsflow.EINVALID, "%s: %v", name, err)
}

// splitCell splits a list cell at "|", trimming the items' spaces.
func splitCell(s string) []string {
	out := []string{}
	if strings.TrimSpace(s) == "" {
		return out
	}
	for _, p := range strings.Split(s, "|") {
		out = append(out, strings.TrimSpace(p))
	}
	return out
}

// jsonCell decodes a JSON list cell into v; an empty cell is an empty list.
func jsonCell(s string, v any) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value")
	}
	return nil
}

// joinCell joins a list for a list cell, refusing items that would not
// split back the same.
func joinCell(ev *armsflow.Event, what string, items []string) (string, error) {
	for _, it := range items {
		if it == "" || strings.Contains(it, "|") || strings.TrimSpace(it) != it {
			return "", armsflow.Errorf(armsflow.EINVALID, "event %q: %s item %q cannot be written to CSV (empty, a \"|\" or spaces at its ends)", ev.ID, what, it)
		}
	}
	return strings.Join(items, listSep), nil
}

func encodeCSV(w io.Writer, evs []armsflow.Event) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvColumns); err != nil {
		return err
	}
	for i := range evs {
		ev := &evs[i]
		parties, err := joinCell(ev, "party", ev.Parties)
		if err != nil {
			return err
		}
		tags, err := joinCell(ev, "tag", ev.Tags)
		if err != nil {
			return err
		}
		sources, err := marshalCell(ev.Sources)
		if err != nil {
			return err
		}
		deals, err := marshalCell(ev.Deals)
		if err != nil {
			return err
		}
		rec := []string{ev.ID, ev.Date, ev.Precision, ev.End, fmt.Sprint(ev.Uncertain), ev.Kind, ev.Title, ev.Summary,
			parties, ev.Actor, sources, tags, deals}
		for j := range rec {
			rec[j] = defuse(rec[j])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// marshalCell writes a list as a compact JSON cell; an empty list is an empty cell.
func marshalCell[T any](list []T) (string, error) {
	if len(list) == 0 {
		return "", nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(list); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}
