package armsflow

import "strconv"

// Plural writes a count with its noun in the right number: "1 deal",
// "0 deals", "28,348 records" is not its job (no separators): "28348 records".
// one is the singular and many the plural, since English plurals are not
// regular enough to derive ("1 party", "2 parties").
func Plural(n int, one, many string) string {
	if n == 1 || n == -1 {
		return strconv.Itoa(n) + " " + one
	}
	return strconv.Itoa(n) + " " + many
}
