package sipri

import (
	"strings"
	"unicode/utf8"

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

// record is one CSV record. Its fields are substrings of the decoded text
// (copies only where a quoted field had doubled quotes).
type record struct {
	fields []string
	offs   []int // byte offset in the text of each field's first character
	line   int   // physical line where the record starts, 1-based
	start  int   // byte offset of the record's start in the text
	end    int   // byte offset just after its last field
}

// empty reports whether every field of the record is blank.
func (r *record) empty() bool {
	for _, f := range r.fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// csvReader splits text into records: fields separated by commas, records
// by LF or CRLF, fields optionally quoted with doubled quotes inside.
// Unlike encoding/csv it keeps every record's physical start line and every
// field's offset, allows any number of fields per record, copies nothing it
// need not copy, and takes a quote inside an unquoted field literally.
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
	rec.fields = rec.fields[:0]
	rec.offs = rec.offs[:0]
	rec.line = r.line
	rec.start = r.pos
	for {
		start := r.pos
		var field string
		if start < len(s) && s[start] == '"' {
			var buf []byte
			i := start + 1
			seg := i
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
					buf = append(buf, s[seg:k+1]...)
					i = k + 2
					seg = i
					continue
				}
				if buf == nil {
					field = s[seg:k]
				} else {
					field = string(append(buf, s[seg:k]...))
				}
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
			field = s[start:end]
			r.pos = i
		}
		rec.fields = append(rec.fields, field)
		rec.offs = append(rec.offs, start)
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
	if i >= 0 && i < len(rec.offs) {
		off = rec.offs[i]
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
