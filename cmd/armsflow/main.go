// Command armsflow imports SIPRI's arms-transfer exports into a library file
// and answers the questions of a study of arms relationships. Run
// 'armsflow help' for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/events"
	"github.com/armsflow/armsflow/names"
	"github.com/armsflow/armsflow/sqlite"
	"github.com/armsflow/armsflow/table"
)

func main() {
	// A command runs for milliseconds and exits: collecting garbage less
	// often saves it about a tenth of its time. serve sets its own (GOGC in
	// the environment wins there). Tests call run, not main, so keep Go's
	// default.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// command is one subcommand. Each lives in a file of its own and registers
// itself in init, so that commands can be added without touching this file.
type command struct {
	name    string
	usage   string // the synopsis after "armsflow"
	summary string
	// answers marks a command that only reads the library and prints an
	// answer: an interrupt ends it at once, with nothing to clean up, so
	// no handler is installed for it. Any other command gets Ctrl-C and
	// SIGTERM as a cancelled context, so that it can stop cleanly. (The
	// handler costs a thread at start, 3 % of a cold query; a library
	// created or upgraded by a command either way is written in one
	// transaction, which an interrupt leaves undone, never half done.)
	answers bool
	// bind defines the command's own flags on fs, into a flag struct of
	// the command's own (or the spec of a query, see package query), and
	// returns the function that runs the command with them: no flag is
	// read at a type assertion. Common flags are added for it (in o).
	bind func(fs *flag.FlagSet, o *opts) runFunc
}

// runFunc runs a command with the flags bind defined.
type runFunc func(ctx context.Context, a *app, args []string) error

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// opts holds the common flags (--db, --format, --dataset) and a few that
// several commands declare alike; a command's own flags live in a struct
// of its own that its bind makes.
type opts struct {
	db, format, dataset        string
	supplier, recipient, years string
	periodLength, limit        int
	code                       string // --code, of the commands that print parties' codes
}

// app is what a command runs with.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	dbPath         string
	dbErr          error // why there is no library path, returned by open
	db             *sqlite.DB
}

// usageError is bad usage: exit status 2 and the usage text.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	registerSpecCommands()
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	o := &opts{}
	global := flag.NewFlagSet("armsflow", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	addCommon(global, o)
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		args = append([]string{"version"}, args[1:]...)
	}
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(stdout)
			return 0
		}
		fmt.Fprintf(stderr, "armsflow: %v\n\n", err)
		printUsage(stderr)
		return 2
	}
	dbSet := flagSet(global, "db")
	rest := global.Args()
	if len(rest) == 0 {
		printUsage(stderr)
		return 2
	}
	name := rest[0]
	if name == "help" || name == "-h" || name == "--help" {
		if len(rest) > 1 {
			if c := commands[rest[1]]; c != nil {
				printCommandUsage(stdout, c)
				return 0
			}
		}
		printUsage(stdout)
		return 0
	}
	c := commands[name]
	if c == nil {
		fmt.Fprintf(stderr, "armsflow: unknown command %q%s\n\n", name, suggestCommand(name))
		printUsage(stderr)
		return 2
	}
	fs, runCmd := commandFlags(c, o)
	pos, err := parseInterleaved(fs, rest[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printCommandUsage(stdout, c)
			return 0
		}
		fmt.Fprintf(stderr, "armsflow %s: %v\n\n", c.name, err)
		printCommandUsage(stderr, c)
		return 2
	}
	if err = checkFlagValues(fs, o); err == nil {
		if dbSet = dbSet || flagSet(fs, "db"); dbSet && strings.TrimSpace(o.db) == "" {
			err = usagef("--db is empty: give the library file's path, e.g. --db ~/armsflow.db")
		}
	}
	if err == nil {
		a.dbPath, a.dbErr = libraryPath(o.db)
		if !c.answers {
			var stop context.CancelFunc
			ctx, stop = signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
			defer stop()
		}
		err = runCmd(ctx, a, pos)
	}
	if a.db != nil {
		if cerr := a.db.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}
	if err == nil {
		return 0
	}
	var ue *usageError
	if !errors.As(err, &ue) && flagValueError(err, fs) {
		ue = &usageError{armsflow.ErrorMessage(err)}
	}
	if ue != nil {
		fmt.Fprintf(stderr, "armsflow %s: %s\n\n", c.name, ue.msg)
		printCommandUsage(stderr, c)
		return 2
	}
	if armsflow.ErrorCode(err) == armsflow.EINTERNAL {
		fmt.Fprintf(stderr, "armsflow %s: internal error: %v\n", c.name, err)
		return 1
	}
	fmt.Fprintf(stderr, "armsflow %s: %s\n", c.name, armsflow.ErrorMessage(err))
	return 1
}

func addCommon(fs *flag.FlagSet, o *opts) {
	fs.StringVar(&o.db, "db", o.db, "library file (default $ARMSFLOW_DB, else $XDG_DATA_HOME/armsflow/library.db or ~/.local/share/armsflow/library.db)")
	fs.StringVar(&o.format, "format", o.format, "output format: table, csv, json, md or latex")
	fs.StringVar(&o.dataset, "dataset", o.dataset, "answer from this dataset instead of the best that covers the years asked (see 'armsflow datasets')")
}

// commandFlags makes the flag set of command c and the function that runs
// it with them.
func commandFlags(c *command, o *opts) (*flag.FlagSet, runFunc) {
	fs := flag.NewFlagSet("armsflow "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	addCommon(fs, o)
	return fs, c.bind(fs, o)
}

// parseInterleaved parses flags that may stand before, between or after the
// positional arguments ("rank suppliers --years 2002-2006"), as users type them.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// libraryPath is --db, else $ARMSFLOW_DB, else the default location. An
// empty --db is refused by run before this; an empty ARMSFLOW_DB counts as
// unset, as shells leave it.
func libraryPath(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if env := os.Getenv("ARMSFLOW_DB"); env != "" {
		return env, nil
	}
	return defaultLibrary()
}

// defaultLibrary is $XDG_DATA_HOME/armsflow/library.db, or
// ~/.local/share/armsflow/library.db. Without a home directory that exists
// there is no default: the library is never created in the working
// directory, nor is a missing home's tree created, where a user would not
// find it again.
func defaultLibrary() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "armsflow", "library.db"), nil
	}
	h, err := os.UserHomeDir()
	if err != nil || h == "" {
		return "", armsflow.Errorf(armsflow.EINVALID,
			"no library given and no home directory (HOME is not set): give --db PATH or set ARMSFLOW_DB")
	}
	if st, err := os.Stat(h); err != nil || !st.IsDir() {
		return "", armsflow.Errorf(armsflow.EINVALID,
			"no library given and the home directory %s does not exist: give --db PATH or set ARMSFLOW_DB", h)
	}
	return filepath.Join(h, ".local", "share", "armsflow", "library.db"), nil
}

// open opens the library, creating it on first use with the starter
// timeline, which is written in the transaction that creates the schema so
// that an interrupted first open cannot leave a library without it.
func (a *app) open() (*sqlite.DB, error) {
	if a.db != nil {
		return a.db, nil
	}
	if a.dbErr != nil {
		return nil, a.dbErr
	}
	db, err := sqlite.OpenWith(a.dbPath, sqlite.Options{Seed: events.StarterSeed})
	if err != nil {
		return nil, err
	}
	if db.Created() {
		fmt.Fprintf(a.stderr, "armsflow: created a new library at %s\n", absPath(a.dbPath))
	}
	a.db = db
	return db, nil
}

// absPath is path made absolute where possible, so that a message says
// where a file is whatever the working directory.
func absPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// engine opens the library and an engine over it.
func (a *app) engine(ctx context.Context) (*engine.Engine, error) {
	// The names registry's built-in index is needed once the library is
	// open: build it on another core meanwhile (a third of a millisecond of
	// a cold command; sync.OnceValue in names makes the engine wait for it).
	go names.New()
	db, err := a.open()
	if err != nil {
		return nil, err
	}
	return engine.New(ctx, db)
}

// output writes v as JSON, or t in the chosen text format.
func (a *app) output(o *opts, v any, t *table.Table) error {
	switch o.format {
	case "json":
		return writeJSON(a.stdout, v)
	case "", "table", "csv", "md", "latex":
		return table.Write(a.stdout, o.format, t)
	}
	return usagef("--format %q: use table, csv, json, md or latex", o.format)
}

func checkFormat(o *opts) error {
	switch o.format {
	case "", "table", "csv", "json", "md", "latex":
		return nil
	}
	return usagef("--format %q: use table, csv, json, md or latex", o.format)
}

func noArgs(args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	return nil
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, "armsflow %s: SIPRI arms-transfer data, exact and fast.\n\n", version)
	fmt.Fprintln(w, "Usage: armsflow [--db PATH] COMMAND [flags]   (ARMSFLOW_DB also sets the library)")
	fmt.Fprintln(w, "\nCommands:")
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-14s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nCommon flags: --format table|csv|json|md|latex   --dataset NAME   --db PATH")
	fmt.Fprintln(w, "Run 'armsflow help COMMAND' for a command's flags.")
	fmt.Fprintln(w, "SIPRI's files: https://www.sipri.org/databases/armstransfers (TIV tables and trade register, as CSV).")
}

// printCommandUsage prints c's usage and flags. The flags are made afresh,
// so that their defaults are the command's own, not what this command line
// gave (a --db before the command is every command's default for --db).
func printCommandUsage(w io.Writer, c *command) {
	fs, _ := commandFlags(c, &opts{})
	fmt.Fprintf(w, "Usage: armsflow %s\n\n%s\n\nFlags:\n", c.usage, c.summary)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

func suggestCommand(name string) string {
	var near []string
	for n := range commands {
		if strings.HasPrefix(n, name) || strings.HasPrefix(name, n) || names.Distance(n, name) <= 2 {
			near = append(near, n)
		}
	}
	if len(near) == 0 {
		return ""
	}
	sort.Strings(near)
	return "; did you mean " + strings.Join(near, " or ") + "?"
}
