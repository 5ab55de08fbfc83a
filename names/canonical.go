package names

// CanonicalName returns the canonical name (SIPRI's spelling) of the party that
// input names, with Resolve's errors when it names none or several. It is
// the one way armsflow turns what a user or a file wrote into the name it
// stores and compares: event validation, queries and the web server all
// call it. (Canonical does the same for every member of a group.)
func (r *Registry) CanonicalName(input string) (string, error) {
	ent, err := r.Resolve(input)
	if err != nil {
		return "", err
	}
	return ent.Name, nil
}

// Canonicalizer returns a function that gives a name's canonical spelling,
// or the name as written when it names no party or several: for bringing
// the names of a dataset or an event to one spelling, where a name the
// registry cannot place is kept rather than refused. The function
// remembers its answers (a dataset repeats its names thousands of times)
// and is not safe for concurrent use.
func (r *Registry) Canonicalizer() func(string) string {
	memo := map[string]string{}
	return func(n string) string {
		if c, ok := memo[n]; ok {
			return c
		}
		c, err := r.CanonicalName(n)
		if err != nil {
			c = n
		}
		memo[n] = c
		return c
	}
}
