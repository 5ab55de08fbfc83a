package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/armsflow/armsflow/query"
)

// Values completed for flags and positional arguments whose choices are
// fixed. --dataset is completed at the time of asking, from the library,
// by 'armsflow completion --datasets'.
var (
	flagChoices = map[string][]string{
		"format": {"table", "csv", "json", "md", "latex"},
		"code":   {"cow", "iso3", "m49"},
		"role":   {"editor", "viewer"},
	}
	fileFlags  = map[string]bool{"db": true, "out": true}
	argChoices = map[string][]string{
		"completion": {"bash", "zsh", "fish"},
		"events":     {"list", "add", "import", "export"},
		"users":      {"add", "token"},
		"groups":     {"list", "show", "add", "import", "delete"},
		"codes":      {"list"},
	}
	fileArgs = map[string]bool{"import": true}
)

func init() {
	register(&command{
		name:    "completion",
		answers: true,
		usage:   "completion bash|zsh|fish",
		summary: "a shell completion script for commands, flags and dataset names",
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			datasetsFlag := fs.Bool("datasets", false, "print the library's dataset names, one a line (the scripts call this to complete --dataset)")
			return func(ctx context.Context, a *app, args []string) error {
				if *datasetsFlag {
					return completeDatasets(ctx, a, args)
				}
				if len(args) != 1 {
					return usagef("name the shell: 'armsflow completion bash', 'zsh' or 'fish'")
				}
				spec := completionSpec()
				switch args[0] {
				case "bash":
					writeBash(a.stdout, spec)
				case "zsh":
					writeZsh(a.stdout, spec)
				case "fish":
					writeFish(a.stdout, spec)
				default:
					return usagef("shell %q: use bash, zsh or fish", args[0])
				}
				return nil
			}
		},
	})
}

// completeDatasets prints the dataset names, one a line. It never creates
// a library: completing in a fresh shell must not leave a file behind, so
// a missing library prints nothing.
func completeDatasets(ctx context.Context, a *app, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	if _, err := os.Stat(a.dbPath); err != nil {
		return nil
	}
	db, err := a.open()
	if err != nil {
		return err
	}
	ds, err := db.Datasets(ctx)
	if err != nil {
		return err
	}
	for _, d := range ds {
		fmt.Fprintln(a.stdout, d.Name)
	}
	return nil
}

// cmdSpec is what completion knows of one command.
type cmdSpec struct {
	name     string
	flags    []flagSpec
	args     []string // fixed choices of the first positional argument
	fileArgs bool     // positional arguments are files
	summary  string
}

type flagSpec struct {
	name, usage string
	takesValue  bool
	// choices are the values of a command's own flag that has some
	// (a query's, from its spec: flows' --by year|period, dependency's
	// --by supplier|category); flagChoices has those of flags all alike.
	choices []string
}

// ownChoices are the allowed values a flag's help names as its value's
// placeholder (query.Param.FlagHelp: "`year|period`"), nil for none.
func ownChoices(f *flag.Flag) []string {
	name, _ := flag.UnquoteUsage(f)
	if !strings.Contains(name, "|") || flagChoices[f.Name] != nil {
		return nil
	}
	return strings.Split(name, "|")
}

func completionSpec() []cmdSpec {
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []cmdSpec
	for _, n := range names {
		c := commands[n]
		fs, _ := commandFlags(c, &opts{})
		s := cmdSpec{name: n, args: argChoices[n], fileArgs: fileArgs[n], summary: c.summary}
		if s.args == nil {
			s.args = specArgChoices(n)
		}
		if n == "help" {
			s.args = names
		}
		fs.VisitAll(func(f *flag.Flag) {
			bf, isBool := f.Value.(interface{ IsBoolFlag() bool })
			s.flags = append(s.flags, flagSpec{name: f.Name, usage: f.Usage, takesValue: !isBool || !bf.IsBoolFlag(), choices: ownChoices(f)})
		})
		out = append(out, s)
	}
	return out
}

// specArgChoices are the allowed values of the first argument of the
// query named name, from its spec (rank's suppliers|recipients), or nil.
func specArgChoices(name string) []string {
	for _, spec := range query.Specs {
		if spec.Name != name {
			continue
		}
		for _, p := range spec.Params {
			if p.Positional() {
				return p.Enum
			}
		}
	}
	return nil
}

// cmdFlagChoice is the choices of one command's flag.
type cmdFlagChoice struct {
	cmd, flag string
	choices   []string
}

// ownFlagChoices lists the commands' flags with choices of their own, by
// command and flag.
func ownFlagChoices(spec []cmdSpec) []cmdFlagChoice {
	var out []cmdFlagChoice
	for _, s := range spec {
		for _, f := range s.flags {
			if f.choices != nil {
				out = append(out, cmdFlagChoice{s.name, f.name, f.choices})
			}
		}
	}
	return out
}

func commandNames(spec []cmdSpec) string {
	var n []string
	for _, s := range spec {
		n = append(n, s.name)
	}
	return strings.Join(append(n, "help"), " ")
}

func flagNames(fs []flagSpec) string {
	var n []string
	for _, f := range fs {
		n = append(n, "--"+f.name)
	}
	return strings.Join(n, " ")
}

// valueFlags lists the flags of any command that take a value, so that the
// scripts skip their values when looking for the command word.
func valueFlags(spec []cmdSpec) []string {
	seen := map[string]bool{}
	for _, s := range spec {
		for _, f := range s.flags {
			if f.takesValue && f.name != "db" {
				seen["--"+f.name] = true
			}
		}
	}
	var out []string
	for f := range seen {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

func writeBash(w io.Writer, spec []cmdSpec) {
	fmt.Fprintf(w, `# bash completion for armsflow, written by 'armsflow completion bash'.
# Load it now with: source <(armsflow completion bash)
# or for good:      armsflow completion bash > ~/.local/share/bash-completion/completions/armsflow
_armsflow() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  local cmd="" db="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      --db|-db) db=${COMP_WORDS[i+1]}; ((i++)) ;;
      %s) ((i++)) ;;
      -*) ;;
      *) [[ -z $cmd ]] && cmd=${COMP_WORDS[i]} ;;
    esac
  done
  case "$cmd $prev" in
`, strings.Join(valueFlags(spec), "|"))
	for _, c := range ownFlagChoices(spec) {
		fmt.Fprintf(w, "    %q|%q) COMPREPLY=($(compgen -W %q -- \"$cur\")); return ;;\n", c.cmd+" --"+c.flag, c.cmd+" -"+c.flag, strings.Join(c.choices, " "))
	}
	fmt.Fprint(w, `  esac
  case $prev in
    --dataset|-dataset)
      COMPREPLY=($(compgen -W "$(armsflow ${db:+--db "$db"} completion --datasets 2>/dev/null)" -- "$cur")); return ;;
`)
	for _, f := range sortedKeys(flagChoices) {
		fmt.Fprintf(w, "    --%s|-%s) COMPREPLY=($(compgen -W %q -- \"$cur\")); return ;;\n", f, f, strings.Join(flagChoices[f], " "))
	}
	for _, f := range sortedKeys(fileFlags) {
		fmt.Fprintf(w, "    --%s|-%s) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", f, f)
	}
	fmt.Fprintf(w, `  esac
  if [[ -z $cmd ]]; then
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "--db --format --dataset --version --help" -- "$cur"))
    else
      COMPREPLY=($(compgen -W %q -- "$cur"))
    fi
    return
  fi
  local flags="" args="" files=""
  case $cmd in
`, commandNames(spec))
	for _, s := range spec {
		files := ""
		if s.fileArgs {
			files = " files=1;"
		}
		fmt.Fprintf(w, "    %s) flags=%q; args=%q;%s ;;\n", s.name, flagNames(s.flags), strings.Join(s.args, " "), files)
	}
	fmt.Fprint(w, `  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  elif [[ -n $files ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  elif [[ -n $args ]]; then
    COMPREPLY=($(compgen -W "$args" -- "$cur"))
  fi
}
complete -o default -F _armsflow armsflow
`)
}

func writeZsh(w io.Writer, spec []cmdSpec) {
	fmt.Fprintf(w, `#compdef armsflow
# zsh completion for armsflow, written by 'armsflow completion zsh'.
# Load it now with: source <(armsflow completion zsh)
# or for good: armsflow completion zsh > "${fpath[1]}/_armsflow"
_armsflow() {
  local cur=${words[CURRENT]} prev=${words[CURRENT-1]}
  local cmd="" db="" i
  for ((i = 2; i < CURRENT; i++)); do
    case ${words[i]} in
      --db|-db) db=${words[i+1]}; ((i++)) ;;
      %s) ((i++)) ;;
      -*) ;;
      *) [[ -z $cmd ]] && cmd=${words[i]} ;;
    esac
  done
  case "$cmd $prev" in
`, strings.Join(valueFlags(spec), "|"))
	for _, c := range ownFlagChoices(spec) {
		fmt.Fprintf(w, "    %q|%q) compadd -- %s; return ;;\n", c.cmd+" --"+c.flag, c.cmd+" -"+c.flag, strings.Join(c.choices, " "))
	}
	fmt.Fprint(w, `  esac
  case $prev in
    --dataset|-dataset)
      compadd -- ${(f)"$(armsflow ${db:+--db "$db"} completion --datasets 2>/dev/null)"}; return ;;
`)
	for _, f := range sortedKeys(flagChoices) {
		fmt.Fprintf(w, "    --%s|-%s) compadd -- %s; return ;;\n", f, f, strings.Join(flagChoices[f], " "))
	}
	for _, f := range sortedKeys(fileFlags) {
		fmt.Fprintf(w, "    --%s|-%s) _files; return ;;\n", f, f)
	}
	fmt.Fprintf(w, `  esac
  if [[ -z $cmd ]]; then
    if [[ $cur == -* ]]; then
      compadd -- --db --format --dataset --version --help
    else
      compadd -- %s
    fi
    return
  fi
  local -a flags args
  local files=""
  case $cmd in
`, commandNames(spec))
	for _, s := range spec {
		files := ""
		if s.fileArgs {
			files = " files=1;"
		}
		fmt.Fprintf(w, "    %s) flags=(%s); args=(%s);%s ;;\n", s.name, flagNames(s.flags), strings.Join(s.args, " "), files)
	}
	fmt.Fprint(w, `  esac
  if [[ $cur == -* ]]; then
    compadd -- $flags
  elif [[ -n $files ]]; then
    _files
  elif (( ${#args} )); then
    compadd -- $args
  fi
}
if [[ $funcstack[1] == _armsflow ]]; then
  _armsflow "$@"
else
  compdef _armsflow armsflow
fi
`)
}

func writeFish(w io.Writer, spec []cmdSpec) {
	fmt.Fprint(w, `# fish completion for armsflow, written by 'armsflow completion fish'.
# Load it for good with: armsflow completion fish > ~/.config/fish/completions/armsflow.fish
complete -c armsflow -f
complete -c armsflow -l version -d 'print the version'
function __armsflow_datasets
  set -l t (commandline -opc)
  set -l db
  for i in (seq (count $t))
    if test "$t[$i]" = --db; and test $i -lt (count $t)
      set db --db $t[(math $i + 1)]
    end
  end
  armsflow $db completion --datasets 2>/dev/null
end
`)
	quote := func(s string) string {
		return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", `\'`) + "'"
	}
	for _, s := range spec {
		fmt.Fprintf(w, "complete -c armsflow -n __fish_use_subcommand -a %s -d %s\n", s.name, quote(s.summary))
	}
	fmt.Fprint(w, "complete -c armsflow -n __fish_use_subcommand -a help -d 'help on a command'\n")
	for _, s := range spec {
		cond := "'__fish_seen_subcommand_from " + s.name + "'"
		for _, f := range s.flags {
			line := fmt.Sprintf("complete -c armsflow -n %s -l %s", cond, f.name)
			switch {
			case f.name == "dataset":
				line += " -x -a '(__armsflow_datasets)'"
			case f.choices != nil:
				line += " -x -a " + quote(strings.Join(f.choices, " "))
			case flagChoices[f.name] != nil:
				line += " -x -a " + quote(strings.Join(flagChoices[f.name], " "))
			case fileFlags[f.name]:
				line += " -r -F"
			case f.takesValue:
				line += " -x"
			}
			fmt.Fprintf(w, "%s -d %s\n", line, quote(firstClause(f.usage)))
		}
		if len(s.args) > 0 {
			fmt.Fprintf(w, "complete -c armsflow -n %s -a %s\n", cond, quote(strings.Join(s.args, " ")))
		}
		if s.fileArgs {
			fmt.Fprintf(w, "complete -c armsflow -n %s -F\n", cond)
		}
	}
}

// firstClause shortens a flag's usage to fit a completion menu.
func firstClause(s string) string {
	if i := strings.IndexAny(s, "(;"); i > 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

func sortedKeys[V any](m map[string]V) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	sort.Strings(k)
	return k
}
