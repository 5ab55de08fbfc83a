package parquet

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
)

// Encodings, page types and the codec, as the format numbers them.
const (
	encPlain         = 0
	encRLE           = 3
	encRLEDictionary = 8

	pageData       = 0
	pageDictionary = 2

	codecGzip = 2
)

const (
	// pageSize is the size of a column's buffered values and levels at
	// which its page is cut (at a row's end): large enough that gzip,
	// whose window is 32 KB, finds the repeats, small enough that the
	// buffers of all columns stay a few megabytes.
	pageSize = 256 << 10
	// dictLimit is the size of a chunk's dictionary past which its later
	// pages are written PLAIN: a column that does not repeat gains nothing.
	dictLimit = 1 << 20
	// maxStatBytes is the longest string kept as a chunk's min or max:
	// a footer need not carry long comments twice.
	maxStatBytes = 128
	// checkEvery is how many rows pass between checks of the pages' sizes.
	checkEvery = 256
)

// DefaultRowGroupRows is the row group size when Options leaves it zero.
const DefaultRowGroupRows = 1 << 17

// KeyValue is an entry of a file's key-value metadata.
type KeyValue struct{ Key, Value string }

// Options are a file's settings.
type Options struct {
	// RowGroupRows is the most rows a row group holds (DefaultRowGroupRows
	// when zero); a writer holds one row group's compressed pages.
	RowGroupRows int
	// CreatedBy names the writing application in the footer.
	CreatedBy string
	// Metadata is the file's key-value metadata, in order.
	Metadata []KeyValue
}

// Writer writes one Parquet file. Values go to the schema's column
// handles, EndRow ends each row, Close writes the footer. A Writer is not
// safe for concurrent use.
type Writer struct {
	w      io.Writer
	opts   Options
	nodes  []*node
	leaves []*leaf
	lists  []*List
	off    int64
	rows   int64 // in the file
	rgRows int   // in the current row group
	groups []rowGroup
	err    error
	gz     *gzip.Writer
	gzbuf  bytes.Buffer
	body   []byte // a page's uncompressed body, reused
	closed bool
}

type rowGroup struct {
	rows                     int64
	offset                   int64
	uncompressed, compressed int64
	chunks                   []chunkMeta
}

type chunkMeta struct {
	leaf                     *leaf
	values                   int64
	uncompressed, compressed int64
	dataOffset, dictOffset   int64 // dictOffset -1 without a dictionary page
	encodings                []int32
	stats                    *stats
}

// NewWriter starts a file on w with the given top-level columns and
// lists. Each column handle belongs to one writer.
func NewWriter(w io.Writer, schema []Node, opts Options) (*Writer, error) {
	if opts.RowGroupRows <= 0 {
		opts.RowGroupRows = DefaultRowGroupRows
	}
	pw := &Writer{w: w, opts: opts}
	for _, n := range schema {
		pw.nodes = append(pw.nodes, n.base())
	}
	leaves, err := flatten(pw.nodes)
	if err != nil {
		return nil, err
	}
	if len(leaves) == 0 {
		return nil, errors.New("parquet: a schema without columns")
	}
	pw.leaves = leaves
	for _, n := range pw.nodes {
		if n.list {
			pw.lists = append(pw.lists, n.lst)
		}
	}
	for _, l := range leaves {
		l.w = pw
		l.reset()
	}
	pw.gz, _ = gzip.NewWriterLevel(&pw.gzbuf, gzip.DefaultCompression)
	pw.write([]byte("PAR1"))
	return pw, pw.err
}

func (w *Writer) write(b []byte) {
	if w.err != nil {
		return
	}
	n, err := w.w.Write(b)
	w.off += int64(n)
	if err != nil {
		w.err = err
	}
}

func (w *Writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// EndRow ends a row: every column must have had its value (or its list)
// written. It returns the first error of the file so far.
func (w *Writer) EndRow() error {
	w.rows++
	w.rgRows++
	for _, l := range w.leaves {
		if l.rows != w.rgRows {
			w.fail(fmt.Errorf("parquet: row %d: column %s has %d values for %d rows", w.rows, strings.Join(l.path, "."), l.rows, w.rgRows))
			return w.err
		}
	}
	// The fields of a list's elements have a value (or a null) each.
	for _, lst := range w.lists {
		first := lst.leaves[0]
		for _, l := range lst.leaves[1:] {
			if l.chunkValues+int64(l.count) != first.chunkValues+int64(first.count) {
				w.fail(fmt.Errorf("parquet: row %d: list %s: its fields %s and %s have different numbers of values", w.rows, lst.name, first.node.name, l.node.name))
				return w.err
			}
		}
	}
	if w.rgRows >= w.opts.RowGroupRows {
		w.flushRowGroup()
	} else if w.rgRows%checkEvery == 0 {
		for _, l := range w.leaves {
			if l.size >= pageSize {
				w.flushPage(l)
			}
		}
	}
	return w.err
}

// Close writes the last row group and the footer; it does not close the
// underlying writer.
func (w *Writer) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if w.err != nil {
		return w.err
	}
	if w.rgRows > 0 {
		w.flushRowGroup()
	}
	footer := w.footer()
	w.write(footer)
	var tail [8]byte
	binary.LittleEndian.PutUint32(tail[:4], uint32(len(footer)))
	copy(tail[4:], "PAR1")
	w.write(tail[:])
	return w.err
}

// compress gzips b; the result is valid until the next call.
func (w *Writer) compress(b []byte) []byte {
	w.gzbuf.Reset()
	w.gz.Reset(&w.gzbuf)
	w.gz.Write(b)
	w.gz.Close()
	return w.gzbuf.Bytes()
}

// flushPage encodes, compresses and keeps l's buffered values as a data page.
func (w *Writer) flushPage(l *leaf) {
	if l.count == 0 {
		return
	}
	b := w.body[:0]
	if l.maxRep > 0 {
		b = appendLevels(b, l.reps, l.maxRep)
	}
	if l.maxDef > 0 {
		b = appendLevels(b, l.defs, l.maxDef)
	}
	enc := int32(encPlain)
	if l.dict && !l.fallback && len(l.idx) > 0 {
		enc = encRLEDictionary
		width := max(1, bitWidth(uint32(len(l.dictVals)-1)))
		b = append(b, byte(width))
		b = appendHybrid(b, l.idx, width)
	} else {
		b = l.appendPlain(b)
	}
	w.body = b
	comp := w.compress(b)
	var h thrift
	h.i32(1, pageData)
	h.i32(2, int32(len(b)))
	h.i32(3, int32(len(comp)))
	h.begin(5)
	h.i32(1, int32(l.count))
	h.i32(2, enc)
	h.i32(3, encRLE)
	h.i32(4, encRLE)
	h.end()
	h.end()
	if len(b) > math.MaxInt32 || len(comp) > math.MaxInt32 {
		w.fail(fmt.Errorf("parquet: column %s: a page over 2 GiB", strings.Join(l.path, ".")))
	}
	l.pages = append(l.pages, h.buf...)
	l.pages = append(l.pages, comp...)
	l.chunkValues += int64(l.count)
	l.uncompressed += int64(len(h.buf) + len(b))
	l.compressed += int64(len(h.buf) + len(comp))
	l.addEncoding(enc)
	l.clearPage()
}

func appendLevels(b []byte, levels []uint8, max int) []byte {
	at := len(b)
	b = append(b, 0, 0, 0, 0)
	b = appendHybrid(b, levels, bitWidth(uint32(max)))
	binary.LittleEndian.PutUint32(b[at:], uint32(len(b)-at-4))
	return b
}

// flushRowGroup writes the row group's column chunks: each its dictionary
// page, if any, then its data pages.
func (w *Writer) flushRowGroup() {
	rg := rowGroup{rows: int64(w.rgRows), offset: w.off}
	for _, l := range w.leaves {
		w.flushPage(l)
		cm := chunkMeta{leaf: l, values: l.chunkValues, dictOffset: -1}
		if l.dict && len(l.dictVals) > 0 {
			b := w.body[:0]
			for _, s := range l.dictVals {
				b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
				b = append(b, s...)
			}
			w.body = b
			comp := w.compress(b)
			var h thrift
			h.i32(1, pageDictionary)
			h.i32(2, int32(len(b)))
			h.i32(3, int32(len(comp)))
			h.begin(7)
			h.i32(1, int32(len(l.dictVals)))
			h.i32(2, encPlain)
			h.end()
			h.end()
			cm.dictOffset = w.off
			w.write(h.buf)
			w.write(comp)
			cm.uncompressed += int64(len(h.buf) + len(b))
			cm.compressed += int64(len(h.buf) + len(comp))
			l.addEncoding(encPlain)
		}
		cm.dataOffset = w.off
		w.write(l.pages)
		cm.uncompressed += l.uncompressed
		cm.compressed += l.compressed
		if l.maxDef > 0 || l.maxRep > 0 {
			l.addEncoding(encRLE)
		}
		cm.encodings = l.encodings
		if l.maxRep == 0 {
			st := l.stats
			cm.stats = &st
		}
		rg.uncompressed += cm.uncompressed
		rg.compressed += cm.compressed
		rg.chunks = append(rg.chunks, cm)
		l.reset()
	}
	w.groups = append(w.groups, rg)
	w.rgRows = 0
}

// Field repetition types and converted types of the footer's schema.
const (
	repRequired = 0
	repOptional = 1
	repRepeated = 2

	convertedUTF8 = 0
	convertedList = 3
	convertedDate = 6
)

func (w *Writer) footer() []byte {
	var t thrift
	t.i32(1, 2)
	// The schema, depth first, under a root.
	count := 1
	var countNodes func(n *node)
	countNodes = func(n *node) {
		count++
		if n.list {
			count++ // the repeated group "list"
		}
		for _, c := range n.children {
			countNodes(c)
		}
	}
	for _, n := range w.nodes {
		countNodes(n)
	}
	t.list(2, ctStruct, count)
	t.beginElem()
	t.string(4, "schema")
	t.i32(5, int32(len(w.nodes)))
	t.end()
	var schema func(n *node)
	schema = func(n *node) {
		t.beginElem()
		if !n.list && !n.group {
			t.i32(1, int32(n.typ))
		}
		rep := int32(repRequired)
		if n.optional() {
			rep = repOptional
		}
		t.i32(3, rep)
		t.string(4, n.name)
		if n.list || n.group {
			t.i32(5, int32(len(n.children)))
		}
		switch {
		case n.list:
			t.i32(6, convertedList)
			t.begin(10)
			t.begin(3)
			t.end()
			t.end()
		case n.logical == logicalString:
			t.i32(6, convertedUTF8)
			t.begin(10)
			t.begin(1)
			t.end()
			t.end()
		case n.logical == logicalDate:
			t.i32(6, convertedDate)
			t.begin(10)
			t.begin(6)
			t.end()
			t.end()
		}
		t.end()
		if n.list {
			t.beginElem()
			t.i32(3, repRepeated)
			t.string(4, "list")
			t.i32(5, 1)
			t.end()
		}
		for _, c := range n.children {
			schema(c)
		}
	}
	for _, n := range w.nodes {
		schema(n)
	}
	t.i64(3, w.rows)
	t.list(4, ctStruct, len(w.groups))
	for _, rg := range w.groups {
		t.beginElem()
		t.list(1, ctStruct, len(rg.chunks))
		for _, c := range rg.chunks {
			start := c.dataOffset
			if c.dictOffset >= 0 {
				start = c.dictOffset
			}
			t.beginElem()
			t.i64(2, start)
			t.begin(3)
			t.i32(1, int32(c.leaf.node.typ))
			t.list(2, ctI32, len(c.encodings))
			for _, e := range c.encodings {
				t.i32Elem(e)
			}
			t.list(3, ctBinary, len(c.leaf.path))
			for _, p := range c.leaf.path {
				t.stringElem(p)
			}
			t.i32(4, codecGzip)
			t.i64(5, c.values)
			t.i64(6, c.uncompressed)
			t.i64(7, c.compressed)
			t.i64(9, c.dataOffset)
			if c.dictOffset >= 0 {
				t.i64(11, c.dictOffset)
			}
			if c.stats != nil {
				c.stats.write(&t, c.leaf.node.typ)
			}
			t.end()
			t.end()
		}
		t.i64(2, rg.uncompressed)
		t.i64(3, rg.rows)
		t.i64(5, rg.offset)
		t.i64(6, rg.compressed)
		t.end()
	}
	if len(w.opts.Metadata) > 0 {
		t.list(5, ctStruct, len(w.opts.Metadata))
		for _, kv := range w.opts.Metadata {
			t.beginElem()
			t.string(1, kv.Key)
			t.string(2, kv.Value)
			t.end()
		}
	}
	if w.opts.CreatedBy != "" {
		t.string(6, w.opts.CreatedBy)
	}
	// Every column's min and max follow its type's order (signed for the
	// integers, unsigned bytes for strings), which lets readers use them.
	t.list(7, ctStruct, len(w.leaves))
	for range w.leaves {
		t.beginElem()
		t.begin(1)
		t.end()
		t.end()
	}
	t.end()
	return t.buf
}
