package sipri

import (
	"strings"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/encoding/charmap"
)

// cp1252 maps every byte to its Windows-1252 rune, from x/text's charmap.
var cp1252 = func() (t [256]rune) {
	for i := range t {
		t[i] = charmap.Windows1252.DecodeByte(byte(i))
	}
	return t
}()

// decode turns a file's bytes into text. A UTF-8 byte order mark is
// dropped. Valid UTF-8 (which includes plain ASCII) is taken as UTF-8, since
// users re-save SIPRI's files in editors that write UTF-8; anything else is
// Windows-1252, SIPRI's own encoding for the TIV tables and the register.
func decode(b []byte) string {
	b = trimBOM(b)
	if utf8.Valid(b) {
		return string(b)
	}
	return decode1252(b)
}

// decodeOwned is decode for bytes that the caller owns and will never
// change: UTF-8 text shares their memory instead of being copied.
func decodeOwned(b []byte) string {
	b = trimBOM(b)
	if len(b) > 0 && utf8.Valid(b) {
		return unsafe.String(&b[0], len(b))
	}
	return decode1252(b)
}

// decode1252 decodes Windows-1252.
func decode1252(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	start := 0
	for i, c := range b {
		if c < utf8.RuneSelf {
			continue
		}
		sb.Write(b[start:i])
		sb.WriteRune(cp1252[c])
		start = i + 1
	}
	sb.Write(b[start:])
	return sb.String()
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

// span locates one field in the text: pos is where the field starts (at its
// opening quote, if quoted), lo:hi its content. esc marks a quoted field
// with doubled quotes inside, which must be undoubled. Spans hold no
// pointers, so filling them costs the garbage collector nothing.
type span struct {
	pos, lo, hi int32
	esc         bool
}

// record is one CSV record, as spans of the decoded text.
type record struct {
	s     string // the whole text
	spans []span
	line  int // physical line where the record starts, 1-based
	start int // byte offset of the record's start in the text
	end   int // byte offset just after its last field
}

// n returns the number of fields.
func (r *record) n() int { return len(r.spans) }

// field returns field i: a substring of the text, copied only where
// doubled quotes must be undoubled.
func (r *record) field(i int) string {
	sp := r.spans[i]
	f := r.s[sp.lo:sp.hi]
	if sp.esc {
		f = strings.ReplaceAll(f, `""`, `"`)
	}
	return f
}

// trimmed returns field i without surrounding white space.
func (r *record) trimmed(i int) string {
	sp := r.spans[i]
	if sp.lo == sp.hi {
		return ""
	}
	return strings.TrimSpace(r.field(i))
}

// empty reports whether every field of the record is blank.
func (r *record) empty() bool {
	for i := range r.spans {
		if r.trimmed(i) != "" {
			return false
		}
	}
	return true
}

// csvReader splits text into records: fields separated by commas, records
// by LF or CRLF, fields optionally quoted with doubled quotes inside.
// Unlike encoding/csv it keeps every record's physical start line and every
// field's offset, allows any number of fields per record, copies nothing,
// and takes a quote inside an unquoted field literally.
type csvReader struct {
	name string
	s    string
	pos  int
	line int // physical line at pos
}

func newCSVReader(name, s string) *csvReader {
	return &csvReader{name: name, s: s, line: 1}
}

// read reads the next record into rec. It returns false at the end of the
// text.
func (r *csvReader) read(rec *record) (bool, error) {
	s := r.s
	if r.pos >= len(s) {
		return false, nil
	}
	rec.s = s
	rec.spans = rec.spans[:0]
	rec.line = r.line
	rec.start = r.pos
	for {
		start := r.pos
		sp := span{pos: int32(start)}
		if start < len(s) && s[start] == '"' {
			i := start + 1
			sp.lo = int32(i)
			for {
				j := strings.IndexByte(s[i:], '"')
				if j < 0 {
					line, col := position(s, rec.start, rec.line, start)
					return false, errorf(r.name, line, col,
						"a quoted field is never closed; the file is truncated or has a stray '\"': fix it or re-download the file from SIPRI")
				}
				k := i + j
				r.line += strings.Count(s[i:k], "\n")
				if k+1 < len(s) && s[k+1] == '"' {
					sp.esc = true
					i = k + 2
					continue
				}
				sp.hi = int32(k)
				r.pos = k + 1
				break
			}
			if r.pos < len(s) && s[r.pos] == '\r' && r.pos+1 < len(s) && s[r.pos+1] == '\n' {
				r.pos++
			}
			if r.pos < len(s) && s[r.pos] != ',' && s[r.pos] != '\n' {
				line, col := position(s, rec.start, rec.line, r.pos)
				c, _ := utf8.DecodeRuneInString(s[r.pos:])
				return false, errorf(r.name, line, col,
					"unexpected %q after a closing quote; a quoted field must end at a comma or the end of the line: fix the quotes", string(c))
			}
		} else {
			i := start
			for i < len(s) && s[i] != ',' && s[i] != '\n' {
				i++
			}
			end := i
			if end > start && s[end-1] == '\r' && (i == len(s) || s[i] == '\n') {
				end--
			}
			sp.lo, sp.hi = int32(start), int32(end)
			r.pos = i
		}
		rec.spans = append(rec.spans, sp)
		rec.end = r.pos
		if r.pos >= len(s) {
			return true, nil
		}
		c := s[r.pos]
		r.pos++
		if c == '\n' {
			r.line++
			return true, nil
		}
	}
}

// position returns the physical line and the 1-based character column of
// byte offset off, inside a record that starts at byte offset start on line
// line. It is only called to write messages.
func position(s string, start, line, off int) (int, int) {
	off = min(max(off, 0), len(s))
	start = min(max(start, 0), off)
	line += strings.Count(s[start:off], "\n")
	ls := strings.LastIndexByte(s[:off], '\n') + 1
	return line, utf8.RuneCountInString(s[ls:off]) + 1
}

// fieldPos returns the line and column of field i of rec (of the record's end
// when i is past its last field).
func (r *csvReader) fieldPos(rec *record, i int) (int, int) {
	off := rec.end
	if i >= 0 && i < len(rec.spans) {
		off = int(rec.spans[i].pos)
	}
	return position(r.s, rec.start, rec.line, off)
}

// firstLine returns the first line of s without its line end.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSuffix(s, "\r")
}
