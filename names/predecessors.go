package names

// predecessors maps a state to the states whose international personality
// it continues, in SIPRI's spelling. SIPRI counts them as separate parties
// (Soviet deliveries are not Russia's), so figures never merge them; a
// relationship's timeline does, since Russia's 1994 treaty with Viet Nam
// follows the Soviet Union's of 1978.
var predecessors = map[string][]string{
	"Russia": {"Soviet Union"},
	"Serbia": {"Yugoslavia"},
	"Yemen":  {"North Yemen"},
}

// Predecessors returns the states that the party named (canonically) name
// continues, such as the Soviet Union for Russia; nil when there are none.
func Predecessors(name string) []string {
	return predecessors[name]
}
