package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/armsflow/armsflow"
	afhttp "github.com/armsflow/armsflow/http"
)

type usersFlags struct{ role, label string }

func init() {
	register(&command{
		name:    "users",
		usage:   "users add NAME --role editor|viewer | users token NAME [--label TEXT]",
		summary: "web app accounts: add a user (password from stdin), or print an API token",
		flags: func(fs *flag.FlagSet, o *opts) {
			uf := &usersFlags{}
			o.values["users"] = uf
			fs.StringVar(&uf.role, "role", "", "add: editor (may import and edit events) or viewer (reads only)")
			fs.StringVar(&uf.label, "label", "", "token: what the token is for, e.g. \"nightly import script\"")
		},
		run: runUsers,
	})
}

func runUsers(ctx context.Context, a *app, o *opts, args []string) error {
	uf := o.values["users"].(*usersFlags)
	if len(args) != 2 {
		return usagef("say what to do: users add NAME --role editor|viewer, or users token NAME")
	}
	sub, name := args[0], strings.TrimSpace(args[1])
	switch sub {
	case "add":
		if uf.role != armsflow.RoleEditor && uf.role != armsflow.RoleViewer {
			return usagef("users add needs --role editor or --role viewer")
		}
		password, err := readPassword(a)
		if err != nil {
			return err
		}
		hash, err := afhttp.HashPassword(password)
		if err != nil {
			return err
		}
		db, err := a.open()
		if err != nil {
			return err
		}
		if err := db.AddUser(ctx, armsflow.User{Name: name, Role: uf.role, PasswordHash: hash}); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "added %s %q\n", uf.role, name)
		return nil
	case "token":
		db, err := a.open()
		if err != nil {
			return err
		}
		tok, err := db.CreateToken(ctx, name, uf.label)
		if err != nil {
			return err
		}
		fmt.Fprintln(a.stdout, tok)
		fmt.Fprintf(a.stderr, "an API token of %q: send it as \"Authorization: Bearer TOKEN\"; it is shown only once\n", name)
		return nil
	}
	return usagef("unknown users action %q: use add or token", sub)
}

// readPassword reads a password: prompted twice, without echo, on a
// terminal; otherwise the first line of standard input.
func readPassword(a *app) (string, error) {
	f, tty := a.stdin.(*os.File)
	if tty {
		st, err := f.Stat()
		tty = err == nil && st.Mode()&os.ModeCharDevice != 0
	}
	if !tty {
		line, err := bufio.NewReader(a.stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return "", armsflow.Errorf(armsflow.EINVALID, "reading the password from standard input: %v", err)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			return "", armsflow.Errorf(armsflow.EINVALID, "no password on standard input: e.g. printf '%%s\\n' \"$PASSWORD\" | armsflow users add NAME --role editor")
		}
		return line, nil
	}
	echo := func(on bool) {
		arg := "-echo"
		if on {
			arg = "echo"
		}
		cmd := exec.Command("stty", arg)
		cmd.Stdin = f
		_ = cmd.Run()
	}
	r := bufio.NewReader(f)
	ask := func(prompt string) (string, error) {
		fmt.Fprint(a.stderr, prompt)
		echo(false)
		line, err := r.ReadString('\n')
		echo(true)
		fmt.Fprintln(a.stderr)
		return strings.TrimRight(line, "\r\n"), err
	}
	p1, err := ask("Password (at least 8 characters): ")
	if err != nil {
		return "", armsflow.Errorf(armsflow.EINVALID, "reading the password: %v", err)
	}
	p2, err := ask("Again: ")
	if err != nil {
		return "", armsflow.Errorf(armsflow.EINVALID, "reading the password: %v", err)
	}
	if p1 != p2 {
		return "", armsflow.Errorf(armsflow.EINVALID, "the passwords differ; nothing changed")
	}
	return p1, nil
}
