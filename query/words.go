package query

import (
	"regexp"
	"strings"
	"sync"

	"github.com/armsflow/armsflow"
)

// The engine words its refusals for the command line, naming flags
// ("--by \"x\": use year or period", "ask for years a dataset covers
// (--years)", "or 'flows --partial'"). ForAPI says the same in the API's
// words, naming parameters, so that an API client or a web page is not
// told of flags it has no way to give.

// flagRef is a flag in a message: an optional 'command ' before it (a
// quoted command line), its name, and its value if one follows.
var flagRef = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`('[a-z-]+ )?--([a-z][a-z-]*)( "[^"]*"| [^\s'":;,)]+)?('?)`)
})

// paramKinds are the parameters of every spec by name.
var paramKinds = func() map[string]Kind {
	m := map[string]Kind{"format": String}
	for _, s := range Specs {
		for _, p := range s.Params {
			m[p.Name] = p.Kind
		}
	}
	return m
}()

// ForAPI returns err with its message in the API's words: each flag of a
// query's parameter becomes the parameter (name=value, or "the name
// parameter" when no value follows). Other errors are returned as they are.
func ForAPI(err error) error {
	if err == nil {
		return nil
	}
	msg := armsflow.ErrorMessage(err)
	if !strings.Contains(msg, "--") {
		return err
	}
	return armsflow.Errorf(armsflow.ErrorCode(err), "%s", APIText(msg))
}

// APIText says a text worded for the command line (an error's message, a
// parameter's help) in the API's words, as ForAPI does.
func APIText(msg string) string {
	if !strings.Contains(msg, "--") {
		return msg
	}
	// A whole command line to run ('armsflow events list --between …') is
	// advice for a shell, and stays as it is.
	var out strings.Builder
	for {
		loc := shellCmd().FindStringIndex(msg)
		if loc == nil {
			out.WriteString(apiWords(msg))
			break
		}
		out.WriteString(apiWords(msg[:loc[0]]) + msg[loc[0]:loc[1]])
		msg = msg[loc[1]:]
	}
	return out.String()
}

// shellCmd is a quoted command line of armsflow's.
var shellCmd = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`'armsflow [^']*'`) })

// apiWords rewrites the flags of a message without command lines.
func apiWords(msg string) string {
	return flagRef().ReplaceAllStringFunc(msg, func(m string) string {
		g := flagRef().FindStringSubmatch(m)
		quotedCmd, name, value, closing := g[1], g[2], g[3], g[4]
		kind, ok := paramKinds[name]
		if !ok || quotedCmd != "" && closing == "" {
			return m
		}
		if quotedCmd == "" {
			value += closing // the quote is the sentence's
		} else if spec := specNamed(strings.TrimSpace(strings.TrimPrefix(quotedCmd, "'"))); spec != nil && kind == Bool && value == "" {
			// Another query's flag ('flows --partial'): its parameter
			// there, which the endpoint asked may not take.
			return name + "=true (" + spec.Path + ")"
		}
		switch {
		case kind == Bool:
			// A bool flag takes no value: what follows is the sentence's.
			return name + "=true" + value
		case value != "" && (!isWord(value) || strings.ToUpper(value) == value):
			// A value, or a placeholder such as NAME.
			return name + "=" + strings.TrimPrefix(value, " ")
		}
		// No value, or a word of the sentence after the flag.
		return "the " + name + " parameter" + value
	})
}

// isWord reports whether a flag's "value" is a lower-case word of the
// sentence rather than a value ("leave out --dataset and").
func isWord(v string) bool {
	v = strings.TrimPrefix(v, " ")
	if v == "" || strings.HasPrefix(v, `"`) {
		return false
	}
	for _, r := range v {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return true
}

// specNamed returns the spec of the query of that name, or nil.
func specNamed(name string) *Spec {
	for _, s := range Specs {
		if s.Name == name {
			return s
		}
	}
	return nil
}
