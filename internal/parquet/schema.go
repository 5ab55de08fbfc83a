// Package parquet is a small Apache Parquet writer, written from the
// format's specification for what armsflow's panel and deal exports need,
// in place of a general library: a general one links about ninety
// packages (codecs, protobuf, geometry) that every armsflow command would
// initialise and page in at start, though only two commands write Parquet.
//
// It writes:
//   - required and optional columns of BOOLEAN, INT32 (plain or with the
//     DATE logical type), INT64, DOUBLE and BYTE_ARRAY with the STRING
//     logical type, strings dictionary-encoded on request (RLE_DICTIONARY
//     data pages over a PLAIN dictionary page, falling back to PLAIN pages
//     when a chunk's dictionary grows past a limit);
//   - lists in the standard three-level layout (a required group annotated
//     LIST, a repeated group "list", a required "element"), whose element
//     is a leaf or a group of leaves: one level of repetition, no list in a
//     list, no optional list;
//   - version 1 data pages with repetition and definition levels in the
//     RLE/bit-packed hybrid encoding, every page compressed with GZIP
//     (compress/gzip; zstd and snappy are not in Go's standard library);
//   - row groups of at most Options.RowGroupRows rows, each written out as
//     it fills so that memory holds one row group's compressed pages;
//   - min, max and null count statistics for each chunk of a column that
//     is not in a list; key-value metadata and created_by.
//
// A file is described by a schema of columns made with NewString,
// NewInt32 and the like, whose handles then take the values row by row:
//
//	name, year := parquet.NewString("name", parquet.Dict), parquet.NewInt32("year", parquet.Optional)
//	w, err := parquet.NewWriter(out, []parquet.Node{name, year}, parquet.Options{})
//	name.Write("Chad"); year.WriteOpt(nil); w.EndRow()
//	err = w.Close()
package parquet

import (
	"fmt"
	"strings"
)

// Flag sets a column's options.
type Flag int

const (
	// Optional makes a column nullable.
	Optional Flag = 1 << iota
	// Dict dictionary-encodes a string column, for values that repeat.
	Dict
)

// physical types and logical annotations of the format.
const (
	typeBoolean   = 0
	typeInt32     = 1
	typeInt64     = 2
	typeDouble    = 5
	typeByteArray = 6
)

type logical int

const (
	logicalNone logical = iota
	logicalString
	logicalDate
)

// Node is a column or a list of the schema.
type Node interface {
	base() *node
}

// node is a schema element: a leaf column, a list or a group.
type node struct {
	name     string
	typ      int
	logical  logical
	flags    Flag
	children []*node // a group's fields; a list's element
	list     bool
	group    bool
	lst      *List // a list's handle
	leaf     *leaf // set by NewWriter for a leaf
}

func (n *node) base() *node { return n }

func (n *node) optional() bool { return n.flags&Optional != 0 }

// Column handles: each writes values of one type to its leaf. A value
// written to a column in a list belongs to the list's current element.

// Bool is a BOOLEAN column.
type Bool struct{ node }

// Int32 is an INT32 column, or with NewDate a DATE (days since 1970-01-01).
type Int32 struct{ node }

// Int64 is an INT64 column.
type Int64 struct{ node }

// Double is a DOUBLE column.
type Double struct{ node }

// String is a BYTE_ARRAY column of UTF-8 text.
type String struct{ node }

// NewBool makes a BOOLEAN column.
func NewBool(name string, f Flag) *Bool {
	return &Bool{node{name: name, typ: typeBoolean, flags: f}}
}

// NewInt32 makes an INT32 column.
func NewInt32(name string, f Flag) *Int32 {
	return &Int32{node{name: name, typ: typeInt32, flags: f}}
}

// NewDate makes an INT32 column annotated DATE: days since 1970-01-01.
func NewDate(name string, f Flag) *Int32 {
	return &Int32{node{name: name, typ: typeInt32, logical: logicalDate, flags: f}}
}

// NewInt64 makes an INT64 column.
func NewInt64(name string, f Flag) *Int64 {
	return &Int64{node{name: name, typ: typeInt64, flags: f}}
}

// NewDouble makes a DOUBLE column.
func NewDouble(name string, f Flag) *Double {
	return &Double{node{name: name, typ: typeDouble, flags: f}}
}

// NewString makes a BYTE_ARRAY column annotated STRING.
func NewString(name string, f Flag) *String {
	return &String{node{name: name, typ: typeByteArray, logical: logicalString, flags: f}}
}

// Group is the element of a list of structs: a group of leaf columns.
type Group struct{ node }

// NewGroup makes a group of leaf columns, to be a list's element.
func NewGroup(name string, fields ...Node) *Group {
	g := &Group{node{name: name, group: true}}
	for _, f := range fields {
		g.children = append(g.children, f.base())
	}
	return g
}

// List is a required list column in the three-level layout. Each row
// calls Empty for an empty list, or Elem before each element's values.
type List struct {
	node
	leaves []*leaf
}

// NewList makes a list of element, a leaf column or a Group; the format's
// convention names the element "element", whatever it was made with.
func NewList(name string, element Node) *List {
	el := element.base()
	el.name = "element"
	l := &List{node: node{name: name, list: true, children: []*node{el}}}
	l.lst = l
	return l
}

// Empty writes an empty list for the current row.
func (l *List) Empty() {
	for _, lf := range l.leaves {
		lf.level(0, lf.emptyDef)
	}
}

// Elem starts an element: first says whether it is the row's first.
func (l *List) Elem(first bool) {
	rep := 1
	if first {
		rep = 0
	}
	for _, lf := range l.leaves {
		lf.rep = rep
	}
}

// Write writes a value to a column.
func (c *Bool) Write(v bool) { c.leaf.writeBool(v) }

// WriteOpt writes a value or, for nil, a null.
func (c *Bool) WriteOpt(v *bool) {
	if v == nil {
		c.leaf.null()
		return
	}
	c.leaf.writeBool(*v)
}

// Write writes a value to a column.
func (c *Int32) Write(v int32) { c.leaf.writeInt32(v) }

// WriteOpt writes a value or, for nil, a null.
func (c *Int32) WriteOpt(v *int32) {
	if v == nil {
		c.leaf.null()
		return
	}
	c.leaf.writeInt32(*v)
}

// Write writes a value to a column.
func (c *Int64) Write(v int64) { c.leaf.writeInt64(v) }

// WriteOpt writes a value or, for nil, a null.
func (c *Int64) WriteOpt(v *int64) {
	if v == nil {
		c.leaf.null()
		return
	}
	c.leaf.writeInt64(*v)
}

// Write writes a value to a column.
func (c *Double) Write(v float64) { c.leaf.writeDouble(v) }

// WriteOpt writes a value or, for nil, a null.
func (c *Double) WriteOpt(v *float64) {
	if v == nil {
		c.leaf.null()
		return
	}
	c.leaf.writeDouble(*v)
}

// Write writes a value to a column.
func (c *String) Write(v string) { c.leaf.writeString(v) }

// WriteOpt writes a value or, for nil, a null.
func (c *String) WriteOpt(v *string) {
	if v == nil {
		c.leaf.null()
		return
	}
	c.leaf.writeString(*v)
}

// flatten lays the schema out as the footer lists it (depth first) and
// makes the leaves with their levels and paths.
func flatten(nodes []*node) ([]*leaf, error) {
	var leaves []*leaf
	seen := map[string]bool{}
	var walk func(n *node, path []string, def, rep, emptyDef int, list *List) error
	walk = func(n *node, path []string, def, rep, emptyDef int, list *List) error {
		if n.leaf != nil {
			return fmt.Errorf("parquet: column %s is already in a writer", strings.Join(append(path, n.name), "."))
		}
		path = append(path[:len(path):len(path)], n.name)
		if n.optional() {
			def++
		}
		switch {
		case n.list:
			if rep > 0 || n.optional() {
				return fmt.Errorf("parquet: list %s: only a required list outside any list is supported", strings.Join(path, "."))
			}
			el := n.children[0]
			if el.list || el.optional() {
				return fmt.Errorf("parquet: list %s: its element must be a required leaf or group", strings.Join(path, "."))
			}
			return walk(el, append(path, "list"), def+1, rep+1, def, n.lst)
		case n.group:
			if list == nil {
				return fmt.Errorf("parquet: group %s: a group is supported only as a list's element", strings.Join(path, "."))
			}
			for _, c := range n.children {
				if err := walk(c, path, def, rep, emptyDef, list); err != nil {
					return err
				}
			}
			return nil
		}
		key := strings.Join(path, ".")
		if seen[key] {
			return fmt.Errorf("parquet: two columns named %s", key)
		}
		seen[key] = true
		lf := &leaf{node: n, path: path, maxDef: def, maxRep: rep, emptyDef: emptyDef, dict: n.flags&Dict != 0 && n.typ == typeByteArray}
		n.leaf = lf
		if list != nil {
			list.leaves = append(list.leaves, lf)
		}
		leaves = append(leaves, lf)
		return nil
	}
	for _, n := range nodes {
		if n.group {
			return nil, fmt.Errorf("parquet: group %s: a group is supported only as a list's element", n.name)
		}
		if err := walk(n, nil, 0, 0, 0, nil); err != nil {
			return nil, err
		}
	}
	return leaves, nil
}
