package parquet

import (
	"encoding/binary"
	"math/bits"
)

// bitWidth is the number of bits that hold every value up to max.
func bitWidth(max uint32) int { return bits.Len32(max) }

// appendHybrid appends vs in Parquet's RLE/bit-packed hybrid encoding at
// width bits a value (1 to 32): a run of eight or more equal values is one
// RLE run (a varint header count<<1, then the value in whole bytes, little
// endian); anything else goes into bit-packed groups of eight (a varint
// header groups<<1|1, then the values' bits, least significant first).
// Only the last group may be padded, since a reader knows the count and
// ignores the padding at the end but not in the middle.
func appendHybrid[T uint8 | uint32](buf []byte, vs []T, width int) []byte {
	lit := 0 // start of the pending literal values, vs[lit:i]
	i := 0
	for i < len(vs) {
		j := i + 1
		for j < len(vs) && vs[j] == vs[i] {
			j++
		}
		if j-i < 8 {
			i = j
			continue
		}
		// A run of at least eight: the pending literals are first
		// completed to a multiple of eight with the run's own values; if
		// eight or more are left they are a run, else all stay literals.
		k := i + (8-(i-lit)%8)%8
		if j-k >= 8 {
			if k > lit {
				buf = appendBitPacked(buf, vs[lit:k], width)
			}
			buf = appendRun(buf, vs[i], j-k, width)
			lit = j
		}
		i = j
	}
	if lit < len(vs) {
		buf = appendBitPacked(buf, vs[lit:], width)
	}
	return buf
}

func appendRun[T uint8 | uint32](buf []byte, v T, n, width int) []byte {
	buf = binary.AppendUvarint(buf, uint64(n)<<1)
	for b := 0; b < (width+7)/8; b++ {
		buf = append(buf, byte(v>>(8*b)))
	}
	return buf
}

// appendBitPacked packs vs into groups of eight, the last padded with zeros.
func appendBitPacked[T uint8 | uint32](buf []byte, vs []T, width int) []byte {
	groups := (len(vs) + 7) / 8
	buf = binary.AppendUvarint(buf, uint64(groups)<<1|1)
	var acc uint64
	n := 0
	for k := 0; k < groups*8; k++ {
		var v T
		if k < len(vs) {
			v = vs[k]
		}
		acc |= uint64(v) << n
		n += width
		for n >= 8 {
			buf = append(buf, byte(acc))
			acc >>= 8
			n -= 8
		}
	}
	// groups*8*width is a multiple of eight bits: nothing is left over.
	return buf
}
