package parquet

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"
)

// leaf is a column of values: its levels, its current page's values and
// its current row group's finished pages.
type leaf struct {
	node     *node
	w        *Writer
	path     []string
	maxDef   int
	maxRep   int
	emptyDef int  // the definition level of an empty list, in a list
	dict     bool // dictionary-encode
	rep      int  // the repetition level of the next value (set by List.Elem)

	// The current page.
	count int     // levels (values and nulls)
	size  int     // the page's buffered bytes, about
	rows  int     // rows begun in the row group (levels with repetition 0)
	defs  []uint8 // definition levels, when maxDef > 0 (at most 255 levels)
	reps  []uint8 // repetition levels, when maxRep > 0
	bools []bool
	i32   []int32
	i64   []int64
	f64   []float64
	plain []byte   // PLAIN BYTE_ARRAY values (length, bytes)
	idx   []uint32 // dictionary indexes

	// The current row group.
	dictIndex    map[string]uint32
	dictVals     []string
	dictBytes    int
	fallback     bool // the dictionary grew too large: PLAIN from here on
	pages        []byte
	chunkValues  int64
	uncompressed int64
	compressed   int64
	encodings    []int32
	stats        stats
}

// reset starts a row group.
func (l *leaf) reset() {
	l.clearPage()
	l.rows = 0
	if l.dict {
		if l.dictIndex == nil {
			l.dictIndex = map[string]uint32{}
		}
		clear(l.dictIndex)
	}
	l.dictVals, l.dictBytes, l.fallback = l.dictVals[:0], 0, false
	l.pages = l.pages[:0]
	l.chunkValues, l.uncompressed, l.compressed = 0, 0, 0
	l.encodings = nil
	l.stats = stats{}
}

func (l *leaf) clearPage() {
	l.count, l.size = 0, 0
	l.defs, l.reps = l.defs[:0], l.reps[:0]
	l.bools, l.i32, l.i64, l.f64 = l.bools[:0], l.i32[:0], l.i64[:0], l.f64[:0]
	l.plain, l.idx = l.plain[:0], l.idx[:0]
}

func (l *leaf) addEncoding(e int32) {
	if !slices.Contains(l.encodings, e) {
		l.encodings = append(l.encodings, e)
	}
}

// level records a value's or a null's levels.
func (l *leaf) level(rep, def int) {
	if l.maxRep > 0 {
		l.reps = append(l.reps, uint8(rep))
	}
	if l.maxDef > 0 {
		l.defs = append(l.defs, uint8(def))
	}
	if rep == 0 {
		l.rows++
	}
	l.count++
	l.size += 2 // the levels, and a boolean's value or a null's nothing
	if def < l.maxDef {
		l.stats.nulls++
	}
}

func (l *leaf) null() {
	if !l.node.optional() {
		l.w.fail(fmt.Errorf("parquet: column %s is required: a null written to it", strings.Join(l.path, ".")))
	}
	l.level(l.rep, l.maxDef-1)
}

func (l *leaf) writeBool(v bool) {
	l.level(l.rep, l.maxDef)
	l.bools = append(l.bools, v)
	s := &l.stats
	if !s.has {
		s.has, s.minB, s.maxB = true, v, v
	} else {
		s.minB, s.maxB = s.minB && v, s.maxB || v
	}
}

func (l *leaf) writeInt32(v int32) {
	l.level(l.rep, l.maxDef)
	l.i32 = append(l.i32, v)
	l.size += 4
	l.stats.int(int64(v))
}

func (l *leaf) writeInt64(v int64) {
	l.level(l.rep, l.maxDef)
	l.i64 = append(l.i64, v)
	l.size += 8
	l.stats.int(v)
}

func (l *leaf) writeDouble(v float64) {
	l.level(l.rep, l.maxDef)
	l.f64 = append(l.f64, v)
	l.size += 8
	s := &l.stats
	if math.IsNaN(v) {
		return // NaN has no place in the order: min and max leave it out
	}
	if !s.has {
		s.has, s.minF, s.maxF = true, v, v
	} else {
		s.minF, s.maxF = min(s.minF, v), max(s.maxF, v)
	}
}

func (l *leaf) writeString(v string) {
	if l.dict && !l.fallback {
		i, ok := l.dictIndex[v]
		if !ok {
			if l.dictBytes+len(v) > dictLimit {
				// Pages so far keep their indexes into the dictionary as it is.
				l.w.flushPage(l)
				l.fallback = true
				l.writeString(v)
				return
			}
			i = uint32(len(l.dictVals))
			l.dictIndex[v] = i
			l.dictVals = append(l.dictVals, v)
			l.dictBytes += 4 + len(v)
		}
		l.level(l.rep, l.maxDef)
		l.idx = append(l.idx, i)
		l.size += 4
	} else {
		l.level(l.rep, l.maxDef)
		l.plain = binary.LittleEndian.AppendUint32(l.plain, uint32(len(v)))
		l.plain = append(l.plain, v...)
		l.size += 4 + len(v)
	}
	s := &l.stats
	if len(v) > maxStatBytes {
		s.long = true
	}
	if !s.has {
		s.has, s.minS, s.maxS = true, v, v
	} else if v < s.minS {
		s.minS = v
	} else if v > s.maxS {
		s.maxS = v
	}
}

// appendPlain appends the page's values in the PLAIN encoding.
func (l *leaf) appendPlain(b []byte) []byte {
	switch l.node.typ {
	case typeBoolean:
		// Bit-packed, least significant bit first.
		var cur byte
		for i, v := range l.bools {
			if v {
				cur |= 1 << (i % 8)
			}
			if i%8 == 7 {
				b = append(b, cur)
				cur = 0
			}
		}
		if len(l.bools)%8 != 0 {
			b = append(b, cur)
		}
	case typeInt32:
		for _, v := range l.i32 {
			b = binary.LittleEndian.AppendUint32(b, uint32(v))
		}
	case typeInt64:
		for _, v := range l.i64 {
			b = binary.LittleEndian.AppendUint64(b, uint64(v))
		}
	case typeDouble:
		for _, v := range l.f64 {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	case typeByteArray:
		b = append(b, l.plain...)
	}
	return b
}

// stats are a column chunk's statistics.
type stats struct {
	nulls      int64
	has        bool // a min and max (some value that is not null or NaN)
	long       bool // a string too long for the footer
	minI, maxI int64
	minF, maxF float64
	minS, maxS string
	minB, maxB bool
}

func (s *stats) int(v int64) {
	if !s.has {
		s.has, s.minI, s.maxI = true, v, v
	} else {
		s.minI, s.maxI = min(s.minI, v), max(s.maxI, v)
	}
}

// write writes the Statistics struct as field 12 of ColumnMetaData: min
// and max in the PLAIN encoding of the column's type (without a length for
// strings).
func (s *stats) write(t *thrift, typ int) {
	t.begin(12)
	t.i64(3, s.nulls)
	if s.has && !s.long {
		var lo, hi []byte
		switch typ {
		case typeBoolean:
			lo, hi = []byte{b2i(s.minB)}, []byte{b2i(s.maxB)}
		case typeInt32:
			lo = binary.LittleEndian.AppendUint32(nil, uint32(int32(s.minI)))
			hi = binary.LittleEndian.AppendUint32(nil, uint32(int32(s.maxI)))
		case typeInt64:
			lo = binary.LittleEndian.AppendUint64(nil, uint64(s.minI))
			hi = binary.LittleEndian.AppendUint64(nil, uint64(s.maxI))
		case typeDouble:
			// The specification asks for a zero min as -0 and a zero max
			// as +0, so that a reader's filter keeps both zeros.
			lo, hi = f64bytes(s.minF), f64bytes(s.maxF)
			if s.minF == 0 {
				lo = f64bytes(math.Copysign(0, -1))
			}
			if s.maxF == 0 {
				hi = f64bytes(0)
			}
		case typeByteArray:
			lo, hi = []byte(s.minS), []byte(s.maxS)
		}
		t.binary(5, hi)
		t.binary(6, lo)
	}
	t.end()
}

func b2i(b bool) byte {
	if b {
		return 1
	}
	return 0
}

func f64bytes(f float64) []byte { return binary.LittleEndian.AppendUint64(nil, math.Float64bits(f)) }
