package parquet

import "encoding/binary"

// Thrift's compact protocol, the encoding of Parquet's page headers and
// footer: only the writing half, and only the types the footer uses. A
// field is a header byte (the field id's delta from the previous one in
// the high nibble, the type in the low) or, for a larger delta, the type
// byte and the id as a zigzag varint; a struct ends with a stop byte.

// Compact protocol type codes.
const (
	ctTrue   = 1
	ctFalse  = 2
	ctI32    = 5
	ctI64    = 6
	ctBinary = 8
	ctList   = 9
	ctStruct = 12
)

// thrift appends compact-protocol values to buf. Structs nest: begin saves
// the enclosing struct's last field id, end restores it.
type thrift struct {
	buf   []byte
	last  int16
	stack []int16
}

func (t *thrift) uvarint(v uint64) { t.buf = binary.AppendUvarint(t.buf, v) }

func (t *thrift) field(id int16, typ byte) {
	if d := id - t.last; d > 0 && d <= 15 {
		t.buf = append(t.buf, byte(d)<<4|typ)
	} else {
		t.buf = append(t.buf, typ)
		t.uvarint(uint64(uint16((id << 1) ^ (id >> 15))))
	}
	t.last = id
}

func (t *thrift) i32(id int16, v int32) {
	t.field(id, ctI32)
	t.uvarint(uint64(uint32((v << 1) ^ (v >> 31))))
}

func (t *thrift) i64(id int16, v int64) {
	t.field(id, ctI64)
	t.uvarint(uint64((v << 1) ^ (v >> 63)))
}

func (t *thrift) bool(id int16, v bool) {
	if v {
		t.field(id, ctTrue)
	} else {
		t.field(id, ctFalse)
	}
}

func (t *thrift) binary(id int16, b []byte) {
	t.field(id, ctBinary)
	t.uvarint(uint64(len(b)))
	t.buf = append(t.buf, b...)
}

func (t *thrift) string(id int16, s string) {
	t.field(id, ctBinary)
	t.uvarint(uint64(len(s)))
	t.buf = append(t.buf, s...)
}

// list writes a list field's header; its n elements follow, each a bare
// value (a struct element with beginElem/end).
func (t *thrift) list(id int16, elem byte, n int) {
	t.field(id, ctList)
	if n < 15 {
		t.buf = append(t.buf, byte(n)<<4|elem)
	} else {
		t.buf = append(t.buf, 0xf0|elem)
		t.uvarint(uint64(n))
	}
}

// i32Elem and stringElem write a list's elements.
func (t *thrift) i32Elem(v int32) { t.uvarint(uint64(uint32((v << 1) ^ (v >> 31)))) }

func (t *thrift) stringElem(s string) {
	t.uvarint(uint64(len(s)))
	t.buf = append(t.buf, s...)
}

// begin opens a struct field; beginElem a struct that is a list element.
func (t *thrift) begin(id int16) {
	t.field(id, ctStruct)
	t.beginElem()
}

func (t *thrift) beginElem() {
	t.stack = append(t.stack, t.last)
	t.last = 0
}

// end closes the innermost struct (the message itself when none is open).
func (t *thrift) end() {
	t.buf = append(t.buf, 0)
	if n := len(t.stack); n > 0 {
		t.last = t.stack[n-1]
		t.stack = t.stack[:n-1]
	}
}
