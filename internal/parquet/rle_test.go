package parquet

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"
)

// decodeHybrid reads n values of the RLE/bit-packed hybrid encoding, as a
// reader does (the test's own reader, written from the specification).
func decodeHybrid(t *testing.T, b []byte, width, n int) []uint32 {
	t.Helper()
	var out []uint32
	for len(out) < n {
		h, k := binary.Uvarint(b)
		if k <= 0 {
			t.Fatalf("bad header at %d values", len(out))
		}
		b = b[k:]
		if h&1 == 0 { // RLE run
			var v uint32
			nb := (width + 7) / 8
			for i := range nb {
				v |= uint32(b[i]) << (8 * i)
			}
			b = b[nb:]
			for range h >> 1 {
				out = append(out, v)
			}
			continue
		}
		groups := int(h >> 1)
		var acc uint64
		bitsIn := 0
		for range groups * 8 {
			for bitsIn < width {
				acc |= uint64(b[0]) << bitsIn
				b = b[1:]
				bitsIn += 8
			}
			out = append(out, uint32(acc&(1<<width-1)))
			acc >>= width
			bitsIn -= width
		}
	}
	if len(b) != 0 {
		t.Fatalf("%d bytes left over", len(b))
	}
	return out[:n]
}

func TestHybridGolden(t *testing.T) {
	for _, c := range []struct {
		name  string
		vs    []uint32
		width int
		want  []byte
	}{
		// Eight equal values: one run, count 8 (header 16), value 1.
		{"run", []uint32{1, 1, 1, 1, 1, 1, 1, 1}, 1, []byte{16, 1}},
		// Three values bit-packed into one group of eight, padded: 0b00000101.
		{"literal", []uint32{1, 0, 1}, 1, []byte{3, 5}},
		// Two literals, then nine 2s at width 2: the literals take six of
		// the run to fill a group, three 2s are left as literals.
		{"literal then run", []uint32{1, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2}, 2, []byte{5, 0xAD, 0xAA, 0x2A, 0x00}},
		// A run of ten after a full group: the group, then the run.
		{"group then run", []uint32{0, 1, 0, 1, 0, 1, 0, 1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, 2, []byte{3, 0x44, 0x44, 20, 3}},
		// A value of 300 at width 9 takes two bytes in a run.
		{"wide run", slices.Repeat([]uint32{300}, 8), 9, []byte{16, 0x2C, 0x01}},
	} {
		got := appendHybrid(nil, c.vs, c.width)
		if !bytes.Equal(got, c.want) {
			t.Errorf("%s: % x, want % x", c.name, got, c.want)
		}
		if back := decodeHybrid(t, got, c.width, len(c.vs)); !slices.Equal(back, c.vs) {
			t.Errorf("%s: decodes to %v", c.name, back)
		}
	}
}

// FuzzHybrid: any values encode to what a reader decodes back.
func FuzzHybrid(f *testing.F) {
	f.Add([]byte{1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 2, 2}, uint8(2))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7}, uint8(3))
	f.Add([]byte{255, 1, 255, 1}, uint8(17))
	f.Fuzz(func(t *testing.T, data []byte, w uint8) {
		width := int(w%32) + 1
		vs := make([]uint32, len(data))
		for i, d := range data {
			// Few distinct values, so that runs occur.
			vs[i] = uint32(d%4) * (1<<width - 1) / 3
		}
		got := decodeHybrid(t, appendHybrid(nil, vs, width), width, len(vs))
		if !slices.Equal(got, vs) {
			t.Fatalf("width %d: %v decoded as %v", width, vs, got)
		}
	})
}

func TestThriftGolden(t *testing.T) {
	var th thrift
	th.i32(1, 2)     // delta 1, i32: 0x15, zigzag 4
	th.i64(3, -1)    // delta 2, i64: 0x26, zigzag 1
	th.begin(20)     // delta 17, struct: long form 0x0c, zigzag id 40
	th.bool(1, true) // 0x11
	th.end()
	th.string(21, "ab") // delta 1 from 20: 0x18, length 2
	th.list(22, ctI32, 2)
	th.i32Elem(-1)
	th.i32Elem(1)
	th.end()
	want := []byte{0x15, 4, 0x26, 1, 0x0c, 40, 0x11, 0, 0x18, 2, 'a', 'b', 0x19, 0x25, 1, 2, 0}
	if !bytes.Equal(th.buf, want) {
		t.Errorf("% x, want % x", th.buf, want)
	}
}
