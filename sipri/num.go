package sipri

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// parseNum parses a non-negative decimal number as SIPRI writes it: digits
// with an optional fraction ("54", "0.36", "12.5"). Signs, exponents,
// thousands separators, NaN and infinities are not numbers here.
func parseNum(s string) (float64, bool) {
	var n int64
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		n = n*10 + int64(s[i]-'0')
		i++
		if i > 15 {
			break
		}
	}
	if i == len(s) && i > 0 {
		return float64(n), true
	}
	// long numbers and fractions: check the shape, then let strconv round
	digits, j := 0, 0
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
		digits++
	}
	if j < len(s) && s[j] == '.' {
		j++
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
			digits++
		}
	}
	if j != len(s) || digits == 0 {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// parseInt parses a non-negative whole number of at most 9 digits.
func parseInt(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// parseYear parses a year of four digits.
func parseYear(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	return parseInt(s)
}

// fmtNum writes a figure the way SIPRI does: whole numbers without a
// fraction.
func fmtNum(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// sameSum reports whether a sum of figures equals a stated total, allowing
// only for floating-point error.
func sameSum(sum, total float64) bool {
	d := sum - total
	if d < 0 {
		d = -d
	}
	return d < 1e-6
}

// beyondRounding reports whether a difference between the sum of n rounded
// figures and a rounded total is larger than rounding can explain: each
// figure, and the total, may be off by up to 0.5.
func beyondRounding(sum, total float64, n int) bool {
	d := sum - total
	if d < 0 {
		d = -d
	}
	return d > 0.5*float64(n)+0.5+1e-6
}

// roundingNote is appended to warnings whose differences rounding cannot
// explain.
func roundingNote(sum, total float64, n int) string {
	if beyondRounding(sum, total, n) {
		return "; that is more than rounding explains: check the file or re-download it from SIPRI"
	}
	return ""
}

var months = [...]string{"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"}

// parseDate reads SIPRI's generated dates ("22 April 2022", "13 Mar 2025
// 10:02:49 AM"), also "April 22, 2022" and "2022-04-22", as YYYY-MM-DD.
func parseDate(s string) (string, bool) {
	f := strings.Fields(strings.ReplaceAll(s, ",", " "))
	if len(f) == 0 {
		return "", false
	}
	if t, err := time.Parse("2006-01-02", f[0]); err == nil {
		return t.Format("2006-01-02"), true
	}
	if len(f) < 3 {
		return "", false
	}
	day, mon, year := f[0], f[1], f[2]
	if _, ok := parseInt(day); !ok {
		day, mon = f[1], f[0]
	}
	d, ok1 := parseInt(day)
	y, ok2 := parseYear(year)
	m := month(mon)
	if !ok1 || !ok2 || m == 0 || d < 1 || d > 31 {
		return "", false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return "", false // 31 April
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d), true
}

// month returns 1-12 for a month's English name or its abbreviation of at
// least three letters, and 0 otherwise.
func month(s string) int {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	if len(s) < 3 {
		return 0
	}
	for i, m := range months {
		if strings.HasPrefix(m, s) || (s == "sept" && i == 8) {
			return i + 1
		}
	}
	return 0
}

// generatedDate returns the date after a "Generated:" or "Data generated:"
// label, and whether the text is such a line at all.
func generatedDate(field string) (date string, isLine, ok bool) {
	t := strings.TrimSpace(field)
	for _, label := range []string{"generated:", "data generated:"} {
		if hasPrefixFold(t, label) {
			date, ok = parseDate(t[len(label):])
			return date, true, ok
		}
	}
	return "", false, false
}
