package events

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/armsflow/armsflow"
)

// The keys that an event file may use, from armsflow's struct tags.
var (
	eventKeys  = []string{"id", "date", "precision", "end", "uncertain", "kind", "title", "summary", "parties", "actor", "sources", "tags", "deals"}
	sourceKeys = []string{"title", "publisher", "date", "url", "accessed"}
	dealKeys   = []string{"supplier", "recipient", "designation", "order_year"}
)

func decodeYAML(name string, data []byte) ([]armsflow.Event, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return []armsflow.Event{}, nil // an empty file holds no events
		}
		return nil, yamlError(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d: a second YAML document; put all events in one list", name, extra.Line)
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlError(name, err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == yaml.MappingNode {
		var rows *yaml.Node
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "rows" {
				rows = root.Content[i+1]
			}
		}
		if rows == nil {
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d: expected a list of events (or a mapping with a \"rows\" list)", name, root.Line)
		}
		root = rows
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return []armsflow.Event{}, nil
	}
	if root.Kind != yaml.SequenceNode {
		return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d: expected a list of events, one \"- id: ...\" mapping each", name, root.Line)
	}
	evs := make([]armsflow.Event, 0, len(root.Content))
	for _, item := range root.Content {
		if item.Kind != yaml.MappingNode {
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d:%d: an event must be a mapping of keys (id, date, kind, ...)", name, item.Line, item.Column)
		}
		if err := checkKeys(name, item, "event", eventKeys); err != nil {
			return nil, err
		}
		for i := 0; i+1 < len(item.Content); i += 2 {
			var keys []string
			switch item.Content[i].Value {
			case "sources":
				keys = sourceKeys
			case "deals":
				keys = dealKeys
			default:
				continue
			}
			list := item.Content[i+1]
			if list.Kind != yaml.SequenceNode {
				continue // Decode reports the wrong type
			}
			for _, el := range list.Content {
				if el.Kind == yaml.MappingNode {
					if err := checkKeys(name, el, item.Content[i].Value[:len(item.Content[i].Value)-1], keys); err != nil {
						return nil, err
					}
				}
			}
		}
		var ev armsflow.Event
		if err := item.Decode(&ev); err != nil {
			return nil, yamlError(name, err)
		}
		ev.Line = item.Line
		evs = append(evs, ev)
	}
	return evs, nil
}

// checkKeys refuses unknown and repeated keys of the mapping n, so that a
// misspelt key ("partys") is not silently dropped.
func checkKeys(name string, n *yaml.Node, what string, known []string) error {
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		ok := false
		for _, w := range known {
			if k.Value == w {
				ok = true
				break
			}
		}
		if !ok {
			return armsflow.Errorf(armsflow.EINVALID, "%s:%d:%d: unknown key %q in %s (known keys: %s)",
				name, k.Line, k.Column, k.Value, what, strings.Join(known, ", "))
		}
		if seen[k.Value] {
			return armsflow.Errorf(armsflow.EINVALID, "%s:%d:%d: key %q given twice in one %s", name, k.Line, k.Column, k.Value, what)
		}
		seen[k.Value] = true
	}
	return nil
}

// yamlError turns yaml.v3's "yaml: line N: what" messages into "name:N: what".
func yamlError(name string, err error) error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	for i, m := range msgs {
		if rest, ok := strings.CutPrefix(m, "line "); ok {
			if num, what, ok := strings.Cut(rest, ": "); ok {
				if _, err := strconv.Atoi(num); err == nil {
					msgs[i] = fmt.Sprintf("%s:%s: %s", name, num, what)
					continue
				}
			}
		}
		msgs[i] = name + ": " + m
	}
	return armsflow.Errorf(armsflow.EINVALID, "%s", strings.Join(msgs, "\n"))
}

func encodeYAML(w io.Writer, evs []armsflow.Event) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(evs); err != nil {
		return err
	}
	return enc.Close()
}
