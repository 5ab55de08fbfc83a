package main

import (
	"flag"
	"strconv"
	"strings"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
)

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// maxUploadMB bounds serve's --max-upload: SIPRI's largest export is about
// 4 MB, so a gigabyte is already far more than any upload of its files, and
// larger values would overflow once turned into bytes.
const maxUploadMB = 1024

// flagChecks validate the values of flags, whichever command declares them,
// before the command runs: a bad value is bad usage (exit 2) everywhere,
// not a user error found later by the engine (exit 1). Each returns a
// message for a bad value and "" for a good one. (The allowed values of a
// query's flag, such as --by, are its spec's: query.Spec.Flags checks them,
// per command: flows' --by is year or period, dependency's supplier or
// category.)
var flagChecks = map[string]func(v string) string{
	"format": func(v string) string {
		switch v {
		case "", "table", "csv", "json", "md", "latex":
			return ""
		}
		return "use table, csv, json, md or latex"
	},
	"years":         yearsCheck,
	"ordered":       yearsCheck,
	"delivered":     yearsCheck,
	"span":          yearsCheck,
	"compare":       yearsCheck,
	"window":        intCheck(1, 50, "years on each side of the event: use 1 to 50"),
	"limit":         intCheck(0, 1<<30, "use 0 for all rows, or a positive number"),
	"period-length": intCheck(1, 100, "years per period: use 1 to 100"),
	"top":           intCheck(1, 1<<30, "use a positive number"),
	"max-upload":    intCheck(1, maxUploadMB, "give a size in MB from 1 to "+strconv.Itoa(maxUploadMB)),
}

func yearsCheck(v string) string {
	if _, err := engine.ParseYears(v); err != nil {
		return "write a span as FROM-TO, e.g. 2002-2021, or one year, e.g. 2014"
	}
	return ""
}

func intCheck(lo, hi int, msg string) func(string) string {
	return func(v string) string {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < lo || n > hi {
			return msg
		}
		return ""
	}
}

// checkFlagValues checks the value of every flag given on the command line
// that flagChecks knows; defaults are good by construction.
func checkFlagValues(fs *flag.FlagSet, o *opts) error {
	var err error
	fs.Visit(func(f *flag.Flag) {
		check := flagChecks[f.Name]
		if err != nil || check == nil {
			return
		}
		if msg := check(f.Value.String()); msg != "" {
			err = usagef("--%s %q: %s", f.Name, f.Value.String(), msg)
		}
	})
	if err == nil && o.format != "" {
		// --format may have come before the command, on the global flags.
		if msg := flagChecks["format"](o.format); msg != "" {
			err = usagef("--format %q: %s", o.format, msg)
		}
	}
	return err
}

// flagValueError reports whether err is a command's refusal of the value of
// a flag given on the command line: an EINVALID error whose message starts
// with the flag ("--window 0: use 1 to 50 years"), as the engine words
// them. Such an error is bad usage too, whichever check found it.
func flagValueError(err error, fs *flag.FlagSet) bool {
	if armsflow.ErrorCode(err) != armsflow.EINVALID {
		return false
	}
	msg := armsflow.ErrorMessage(err)
	if !strings.HasPrefix(msg, "--") {
		return false
	}
	name := strings.TrimPrefix(msg, "--")
	if i := strings.IndexAny(name, " =:"); i >= 0 {
		name = name[:i]
	}
	return fs.Lookup(name) != nil && flagSet(fs, name)
}
