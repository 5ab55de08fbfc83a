package names

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// fold reduces a name to its lookup key: lower case, accents stripped, every
// run of punctuation or space a word break, the words "the", "of" and "and"
// dropped, "st" read as "saint", and the words joined without spaces, so that
// "Côte d’Ivoire", "cote divoire" and "COTE D'IVOIRE" share one key.
func fold(s string) string {
	var buf [64]byte
	return string(appendFold(buf[:0], s, false))
}

// foldWords is fold with the words kept apart by single spaces.
func foldWords(s string) string {
	var buf [64]byte
	return string(appendFold(buf[:0], s, true))
}

// appendFold appends s's key to dst; spaced keeps a space between words.
func appendFold(dst []byte, s string, spaced bool) []byte {
	base := len(dst)
	out := foldInto(dst, s, spaced, true)
	if len(out) == base {
		// Only stop words ("The"): keep them rather than fold to nothing.
		out = foldInto(dst[:base], s, spaced, false)
	}
	return out
}

func foldInto(dst []byte, s string, spaced, dropStop bool) []byte {
	base := len(dst)
	wordStart, sepStart := -1, -1 // where the current word and the space before it begin
	flush := func() {
		if wordStart < 0 {
			return
		}
		switch string(dst[wordStart:]) {
		case "the", "of", "and":
			if dropStop {
				dst = dst[:sepStart]
			}
		case "st":
			dst = append(dst[:wordStart], "saint"...)
		}
		wordStart = -1
	}
	for i := 0; i < len(s); {
		c := s[i]
		var (
			lit  string // replacement for a non-ASCII letter
			r    rune
			size = 1
		)
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c < utf8.RuneSelf:
			c = 0 // a break
		default:
			r, size = utf8.DecodeRuneInString(s[i:])
			lit = foldRune(r)
			if lit == "" && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				lit = string(unicode.ToLower(r))
			}
			if lit == "" {
				c = 0
			}
		}
		i += size
		if c == 0 {
			flush()
			continue
		}
		if wordStart < 0 {
			sepStart = len(dst)
			if spaced && len(dst) > base {
				dst = append(dst, ' ')
			}
			wordStart = len(dst)
		}
		if lit != "" {
			dst = append(dst, lit...)
		} else {
			dst = append(dst, c)
		}
	}
	flush()
	return dst
}

// foldRune spells the accented Latin letters found in country names in plain
// lower-case ASCII; "" for any other rune.
func foldRune(r rune) string {
	switch r {
	case 'À', 'Á', 'Â', 'Ã', 'Ä', 'Å', 'à', 'á', 'â', 'ã', 'ä', 'å', 'Ā', 'ā', 'Ă', 'ă', 'Ą', 'ą':
		return "a"
	case 'Æ', 'æ':
		return "ae"
	case 'Ç', 'ç', 'Ć', 'ć', 'Č', 'č':
		return "c"
	case 'Ď', 'ď', 'Đ', 'đ', 'Ð', 'ð':
		return "d"
	case 'È', 'É', 'Ê', 'Ë', 'è', 'é', 'ê', 'ë', 'Ē', 'ē', 'Ė', 'ė', 'Ę', 'ę', 'Ě', 'ě':
		return "e"
	case 'Ğ', 'ğ', 'Ģ', 'ģ':
		return "g"
	case 'Ì', 'Í', 'Î', 'Ï', 'ì', 'í', 'î', 'ï', 'Ī', 'ī', 'Į', 'į', 'İ', 'ı':
		return "i"
	case 'Ķ', 'ķ':
		return "k"
	case 'Ĺ', 'ĺ', 'Ļ', 'ļ', 'Ľ', 'ľ', 'Ł', 'ł':
		return "l"
	case 'Ñ', 'ñ', 'Ń', 'ń', 'Ņ', 'ņ', 'Ň', 'ň':
		return "n"
	case 'Ò', 'Ó', 'Ô', 'Õ', 'Ö', 'Ø', 'ò', 'ó', 'ô', 'õ', 'ö', 'ø', 'Ō', 'ō', 'Ő', 'ő':
		return "o"
	case 'Œ', 'œ':
		return "oe"
	case 'Ŕ', 'ŕ', 'Ř', 'ř':
		return "r"
	case 'Ś', 'ś', 'Ş', 'ş', 'Š', 'š', 'Ș', 'ș':
		return "s"
	case 'ß':
		return "ss"
	case 'Ţ', 'ţ', 'Ť', 'ť', 'Ț', 'ț':
		return "t"
	case 'Þ', 'þ':
		return "th"
	case 'Ù', 'Ú', 'Û', 'Ü', 'ù', 'ú', 'û', 'ü', 'Ū', 'ū', 'Ů', 'ů', 'Ű', 'ű', 'Ų', 'ų':
		return "u"
	case 'Ý', 'ý', 'ÿ', 'Ÿ':
		return "y"
	case 'Ź', 'ź', 'Ż', 'ż', 'Ž', 'ž':
		return "z"
	}
	return ""
}

// swapComma turns "Korea, Republic of" into "Republic of Korea", the order of
// ISO's and many gazetteers' inverted names; ok is false without a comma.
func swapComma(s string) (string, bool) {
	i := strings.LastIndexByte(s, ',')
	if i < 0 {
		return "", false
	}
	return strings.TrimSpace(s[i+1:]) + " " + strings.TrimSpace(s[:i]), true
}

// Distance is the optimal string alignment distance between a and b: the
// number of inserted, deleted or substituted bytes and swapped neighbours.
// It ranks the registry's suggestions, and serves any other "did you
// mean" (command names, for one).
func Distance(a, b string) int { return distance(a, b) }

// distance is Distance.
func distance(a, b string) int {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return len(b)
	}
	var rows [3][48]int
	var prev2, prev, cur []int
	if len(b)+1 <= len(rows[0]) {
		prev2, prev, cur = rows[0][:len(b)+1], rows[1][:len(b)+1], rows[2][:len(b)+1]
	} else {
		m := make([]int, 3*(len(b)+1))
		prev2, prev, cur = m[:len(b)+1], m[len(b)+1:2*(len(b)+1)], m[2*(len(b)+1):]
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
