package fetch

import (
	"bytes"
	"unicode/utf8"
)

// merge builds one register in the export option's layout from the parts
// of one fetch, in the order of their ranges: the first part's preamble with
// its year range rewritten to whole, the header once, then every row.
//
// A deal whose deliveries span two ranges has rows in both; its rows are
// put together, where its first row came, so that the register reads as if
// SIPRI had exported the whole span at once (SIPRI's own exports keep a
// deal's rows together). A row without a delivery year (an order without
// deliveries, were SIPRI to send one) comes with every range: it is kept
// once.
//
// SIPRI writes its CSV in Windows-1252, or in ASCII when nothing needs
// more; should some parts be UTF-8 and others not, those others are
// converted, so that the whole is in one encoding.
func merge(parts []*part, whole Range) []byte {
	mixed := false
	for _, p := range parts[1:] {
		mixed = mixed || p.utf8 != parts[0].utf8
	}
	enc := func(b []byte, p *part) []byte {
		if mixed && !p.utf8 {
			return cp1252ToUTF8(b)
		}
		return b
	}
	size := 0
	nrows := 0
	for _, p := range parts {
		size += len(p.data)
		nrows += len(p.rows)
	}
	out := make([]byte, 0, size+len(parts)+64)

	first := parts[0]
	title, rest, found := bytes.Cut(first.preamble, []byte("\n"))
	out = append(out, enc(setYearRange(title, whole), first)...)
	if found {
		out = append(out, '\n')
		out = append(out, enc(rest, first)...)
	}
	out = appendLine(out, enc(first.header, first))

	// Group the rows by deal in the order deals first come: each row gets
	// its deal's group, then a counting sort puts the rows of a group
	// together, without a slice per deal.
	type ref struct{ p, r int32 }
	refs := make([]ref, 0, nrows)
	group := make([]int32, 0, nrows)
	groups := make(map[int]int32, nrows)
	var seenOpen map[string]bool
	for pi, p := range parts {
		for ri := range p.rows {
			rw := &p.rows[ri]
			if rw.noYear {
				key := string(bytes.TrimRight(p.data[rw.start:rw.end], "\r\n"))
				if seenOpen[key] {
					continue
				}
				if seenOpen == nil {
					seenOpen = map[string]bool{}
				}
				seenOpen[key] = true
			}
			g, ok := groups[rw.id]
			if !ok {
				g = int32(len(groups))
				groups[rw.id] = g
			}
			refs = append(refs, ref{int32(pi), int32(ri)})
			group = append(group, g)
		}
	}
	at := make([]int32, len(groups)+1) // where each group starts
	for _, g := range group {
		at[g+1]++
	}
	for g := 1; g < len(at); g++ {
		at[g] += at[g-1]
	}
	sorted := make([]ref, len(refs))
	for i, g := range group {
		sorted[at[g]] = refs[i]
		at[g]++
	}
	// Rows that follow each other in their part are copied as one run.
	for i := 0; i < len(sorted); {
		x := sorted[i]
		p := parts[x.p]
		j := i + 1
		for j < len(sorted) && sorted[j].p == x.p && sorted[j].r == sorted[j-1].r+1 {
			j++
		}
		out = appendLine(out, enc(p.data[p.rows[x.r].start:p.rows[sorted[j-1].r].end], p))
		i = j
	}
	return out
}

// appendLine appends line, ending it with "\n" if it has no line end.
func appendLine(out, line []byte) []byte {
	out = append(out, line...)
	if len(line) == 0 || line[len(line)-1] != '\n' {
		out = append(out, '\n')
	}
	return out
}

// cp1252 maps the bytes 0x80–0x9f of Windows-1252 to their runes; the other
// bytes above 0x7f are Latin-1's. Undefined bytes map to U+FFFD.
var cp1252 = [32]rune{
	'€', '\ufffd', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\ufffd', 'Ž', '\ufffd',
	'\ufffd', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\ufffd', 'ž', 'Ÿ',
}

func cp1252ToUTF8(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	for _, c := range b {
		switch {
		case c < 0x80:
			out = append(out, c)
		case c < 0xa0:
			out = utf8.AppendRune(out, cp1252[c-0x80])
		default:
			out = utf8.AppendRune(out, rune(c))
		}
	}
	return out
}
