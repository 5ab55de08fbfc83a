package events

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/armsflow/armsflow"
)

// jsonFile is the shape of a JSON event file.
type jsonFile struct {
	Rows []armsflow.Event `json:"rows"`
}

func decodeJSON(name string, data []byte) ([]armsflow.Event, error) {
	lines := newLineIndex(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	fail := func(off int64, format string, args ...any) error {
		return armsflow.Errorf(armsflow.EINVALID, "%s:%d: %s", name, lines.line(int(off)), fmt.Sprintf(format, args...))
	}
	syntax := func(err error) error {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return fail(se.Offset, "%v", se)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fail(int64(len(data)), "the JSON ends too early")
		}
		return fail(dec.InputOffset(), "%v", err)
	}
	tok, err := dec.Token()
	if errors.Is(err, io.EOF) {
		return []armsflow.Event{}, nil // an empty file holds no events
	}
	if err != nil {
		return nil, syntax(err)
	}
	var evs []armsflow.Event
	switch tok {
	case json.Delim('['):
		if evs, err = decodeJSONRows(name, data, dec, lines); err != nil {
			return nil, err
		}
	case json.Delim('{'):
		found := false
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return nil, syntax(err)
			}
			if key != "rows" {
				var skip json.RawMessage
				if err := dec.Decode(&skip); err != nil {
					return nil, syntax(err)
				}
				continue
			}
			if found {
				return nil, fail(dec.InputOffset(), `"rows" given twice`)
			}
			found = true
			at := dec.InputOffset()
			tok, err := dec.Token()
			if err != nil {
				return nil, syntax(err)
			}
			if tok != json.Delim('[') {
				return nil, fail(at, `"rows" must be a list of events`)
			}
			if evs, err = decodeJSONRows(name, data, dec, lines); err != nil {
				return nil, err
			}
		}
		if _, err := dec.Token(); err != nil { // the closing brace
			return nil, syntax(err)
		}
		if !found {
			return nil, fail(0, `expected {"rows": [ ...events... ]}`)
		}
	default:
		return nil, fail(0, `expected {"rows": [ ...events... ]} or a list of events`)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fail(dec.InputOffset(), "unexpected data after the events")
	}
	if evs == nil {
		evs = []armsflow.Event{}
	}
	return evs, nil
}

// decodeJSONRows reads the events of a list whose '[' dec has just read,
// and its closing ']'.
func decodeJSONRows(name string, data []byte, dec *json.Decoder, lines lineIndex) ([]armsflow.Event, error) {
	evs := []armsflow.Event{}
	for dec.More() {
		// The event starts at the first byte after the previous token that is
		// neither space nor the comma between elements.
		start := int(dec.InputOffset())
		for start < len(data) {
			switch data[start] {
			case ' ', '\t', '\r', '\n', ',':
				start++
				continue
			}
			break
		}
		line := lines.line(start)
		if start >= len(data) || data[start] != '{' {
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d: an event must be an object {\"id\": ...}", name, line)
		}
		var ev armsflow.Event
		if err := dec.Decode(&ev); err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d: %v", name, lines.line(int(se.Offset)), se)
			}
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d: event starting here: %q must be %s, not JSON %s",
					name, lines.line(int(te.Offset)), te.Field, te.Type, te.Value)
			}
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d: event starting here: %v", name, line, err)
		}
		ev.Line = line
		evs = append(evs, ev)
	}
	if _, err := dec.Token(); err != nil { // the closing bracket
		return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d: %v", name, lines.line(int(dec.InputOffset())), err)
	}
	return evs, nil
}

func encodeJSON(w io.Writer, evs []armsflow.Event) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(jsonFile{Rows: evs})
}
