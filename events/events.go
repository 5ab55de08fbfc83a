// Package events reads, writes, checks and filters the cooperation timeline:
// dated, sourced events of a defence relationship (agreements, visits,
// contracts, sanctions, wars, votes), and ships a curated starter timeline
// of Viet Nam–Russia (and Soviet Union) defence cooperation.
//
// # File formats
//
// Three formats carry the same events, and Encode followed by Decode gives
// them back unchanged (Line aside):
//
//   - "yaml": a list of events, one mapping each, with the keys of
//     armsflow.Event (id, date, precision, end, uncertain, kind, title,
//     summary, parties, actor, sources, tags, deals). A mapping whose "rows"
//     key holds that list is read as well.
//   - "json": an object {"rows": [ {...}, ... ]} with the same keys; other
//     keys of the object (such as "query" in the output of 'armsflow events
//     list --format json') are ignored. A bare array is read as well.
//   - "csv": UTF-8, a header row naming the columns id, date, precision,
//     end, uncertain, kind, title, summary, parties, actor, sources, tags
//     and deals (in any order; only id, date, kind, title and parties are
//     required), then one row per event. The list columns parties and tags
//     hold their items joined by " | ". The sources and deals columns each
//     hold a JSON array, e.g.
//     [{"title":"…","publisher":"…","date":"2001-03-01","url":"https://…","accessed":"2026-11-24"}]
//     and [{"supplier":"Russia","recipient":"Viet Nam","designation":"T-90S","order_year":2017}].
//     uncertain is "true" or "false" (an empty cell is false).
//
// # Safe to open in a spreadsheet
//
// A CSV cell that begins with = + - @, a tab or a carriage return would be
// run as a formula by Excel and other spreadsheets. Encode writes such a cell
// with a leading apostrophe (and also doubles a leading apostrophe, so that
// a value that really begins with one survives); Decode strips it again.
//
// # Lines and errors
//
// Decode sets every event's Line to the line of the file where the event
// starts, and Validate names that line in each problem it reports, as
// "file:line: event "id": what is wrong", all problems at once.
package events

import (
	"io"
	"path/filepath"
	"strings"

	"github.com/armsflow/armsflow"
)

// The formats of event files.
const (
	FormatYAML = "yaml"
	FormatJSON = "json"
	FormatCSV  = "csv"
)

// Formats lists the formats that Decode and Encode accept.
var Formats = []string{FormatYAML, FormatJSON, FormatCSV}

// FormatOf returns the format of the event file name from its extension:
// "yaml" for .yaml and .yml, "json" for .json and "csv" for .csv (in any
// letter case). Any other name is an EINVALID error.
func FormatOf(name string) (string, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		return FormatYAML, nil
	case ".json":
		return FormatJSON, nil
	case ".csv":
		return FormatCSV, nil
	}
	return "", armsflow.Errorf(armsflow.EINVALID,
		"%s: cannot tell the format of an event file from its name: use a .yaml, .yml, .json or .csv file", name)
}

// Decode reads the events of one file in format ("yaml", "json" or "csv")
// from r. Every event's Line is the line where it starts in the file; name
// is used in messages only. Sources, Parties, Tags and Deals are never nil.
// Decode checks the file's form (syntax, known fields, value types), not
// the events' content: that is what Validate does.
func Decode(name string, r io.Reader, format string) ([]armsflow.Event, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, armsflow.Errorf(armsflow.EINVALID, "%s: cannot read: %v", name, err)
	}
	var evs []armsflow.Event
	switch format {
	case FormatYAML:
		evs, err = decodeYAML(name, data)
	case FormatJSON:
		evs, err = decodeJSON(name, data)
	case FormatCSV:
		evs, err = decodeCSV(name, data)
	default:
		return nil, badFormat(format)
	}
	if err != nil {
		return nil, err
	}
	for i := range evs {
		evs[i].NormalizeLists()
	}
	return evs, nil
}

// Encode writes evs to w in format ("yaml", "json" or "csv"), so that
// Decode gives them back deep-equal, Line aside and with nil lists read back
// as empty ones. A CSV cell that a spreadsheet would run as a formula is
// written with a leading apostrophe. Encode refuses (EINVALID) what a format
// cannot carry back, such as a party or tag containing "|" in CSV.
func Encode(w io.Writer, format string, evs []armsflow.Event) error {
	norm := make([]armsflow.Event, len(evs))
	for i := range evs {
		norm[i] = evs[i]
		norm[i].NormalizeLists()
	}
	switch format {
	case FormatYAML:
		return encodeYAML(w, norm)
	case FormatJSON:
		return encodeJSON(w, norm)
	case FormatCSV:
		return encodeCSV(w, norm)
	}
	return badFormat(format)
}

func badFormat(format string) error {
	return armsflow.Errorf(armsflow.EINVALID, "unknown event file format %q: use %s", format, strings.Join(Formats, ", "))
}

// lineIndex maps byte offsets of a file to 1-based line numbers.
type lineIndex []int // offsets where each line starts

func newLineIndex(data []byte) lineIndex {
	idx := lineIndex{0}
	for i, b := range data {
		if b == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

// line returns the line of offset off.
func (idx lineIndex) line(off int) int {
	lo, hi := 0, len(idx) // the answer is the last start <= off
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if idx[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1
}
