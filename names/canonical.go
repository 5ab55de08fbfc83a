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
