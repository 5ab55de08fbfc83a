package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/armsflow/armsflow"
	afhttp "github.com/armsflow/armsflow/http"
	"github.com/armsflow/armsflow/sqlite"
	"github.com/armsflow/armsflow/table"
)

type usersFlags struct{ role, label, expires string }

func init() {
	register(&command{
		name: "users",
		usage: "users list | users add NAME --role editor|viewer | users passwd NAME | users remove NAME | " +
			"users token NAME [--label TEXT] [--expires 90d]",
		summary: "web app accounts: list, add (password from stdin), change a password, remove, or print an API token",
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			uf := &usersFlags{}
			fs.StringVar(&uf.role, "role", "", "add: editor (may import and edit events) or viewer (reads only)")
			fs.StringVar(&uf.label, "label", "", "token: what the token is for, e.g. \"nightly import script\"")
			fs.StringVar(&uf.expires, "expires", "90d", "token: how long it lasts, in days (30d) or hours (12h), at most 1830d")
			return func(ctx context.Context, a *app, args []string) error { return runUsers(ctx, a, o, uf, args) }
		},
	})
	register(&command{
		name:    "tokens",
		usage:   "tokens list [USER] | tokens revoke ID",
		summary: "API tokens: list them (by id, never the token), or revoke one",
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			return func(ctx context.Context, a *app, args []string) error { return runTokens(ctx, a, o, args) }
		},
	})
}

// parseLifetime reads a token's lifetime: whole days ("90d") or a Go
// duration ("12h").
func parseLifetime(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || n <= 0 || n > int(sqlite.MaxTokenTTL/(24*time.Hour)) {
			return 0, usagef("--expires %q: give a number of days from 1 to %d, e.g. 90d", s, sqlite.MaxTokenTTL/(24*time.Hour))
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < time.Minute || d > sqlite.MaxTokenTTL {
		return 0, usagef("--expires %q: give days (90d) or hours (12h), from a minute to %d days", s, sqlite.MaxTokenTTL/(24*time.Hour))
	}
	return d, nil
}

func runUsers(ctx context.Context, a *app, o *opts, uf *usersFlags, args []string) error {
	if len(args) == 1 && args[0] == "list" {
		db, err := a.open()
		if err != nil {
			return err
		}
		users, err := db.Users(ctx)
		if err != nil {
			return err
		}
		t := &table.Table{Title: "Users", Columns: table.Cols("Name", "Role", "Created")}
		for _, u := range users {
			t.Rows = append(t.Rows, []any{u.Name, u.Role, u.CreatedAt.Format("2006-01-02 15:04")})
		}
		if len(users) == 0 {
			t.Notes = append(t.Notes, "No users: add one with 'armsflow users add NAME --role editor'.")
		}
		return a.output(o, map[string]any{"rows": users}, t)
	}
	if len(args) != 2 {
		return usagef("say what to do: users list, users add NAME --role editor|viewer, users passwd NAME, users remove NAME, or users token NAME")
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
	case "passwd":
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
		if err := db.SetPassword(ctx, name, hash); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "changed the password of %q and signed it out of the web app; its API tokens still work ('armsflow tokens list %s')\n", name, name)
		return nil
	case "remove":
		db, err := a.open()
		if err != nil {
			return err
		}
		if err := db.RemoveUser(ctx, name); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "removed %q, its sessions and its API tokens\n", name)
		return nil
	case "token":
		ttl, err := parseLifetime(uf.expires)
		if err != nil {
			return err
		}
		db, err := a.open()
		if err != nil {
			return err
		}
		tok, err := db.CreateTokenTTL(ctx, name, uf.label, ttl)
		if err != nil {
			return err
		}
		fmt.Fprintln(a.stdout, tok)
		fmt.Fprintf(a.stderr, "an API token of %q, valid until %s: send it as \"Authorization: Bearer TOKEN\"; it is shown only once\n",
			name, time.Now().Add(ttl).UTC().Format("2006-01-02 15:04 UTC"))
		return nil
	}
	return usagef("unknown users action %q: use list, add, passwd, remove or token", sub)
}

func runTokens(ctx context.Context, a *app, o *opts, args []string) error {
	switch {
	case len(args) >= 1 && len(args) <= 2 && args[0] == "list":
		user := ""
		if len(args) == 2 {
			user = strings.TrimSpace(args[1])
		}
		db, err := a.open()
		if err != nil {
			return err
		}
		toks, err := db.Tokens(ctx, user)
		if err != nil {
			return err
		}
		t := &table.Table{Title: "API tokens", Columns: table.Cols("ID", "User", "Label", "Created", "Expires")}
		for _, k := range toks {
			exp := k.ExpiresAt.Format("2006-01-02 15:04")
			if k.Expired {
				exp += " (expired)"
			}
			t.Rows = append(t.Rows, []any{k.ID, k.User, k.Label, k.CreatedAt.Format("2006-01-02 15:04"), exp})
		}
		t.Notes = append(t.Notes, "Revoke one with 'armsflow tokens revoke ID'.")
		return a.output(o, map[string]any{"rows": toks}, t)
	case len(args) == 2 && args[0] == "revoke":
		db, err := a.open()
		if err != nil {
			return err
		}
		if err := db.RevokeToken(ctx, args[1]); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "revoked token %s\n", strings.ToLower(strings.TrimSpace(args[1])))
		return nil
	}
	return usagef("say what to do: tokens list [USER], or tokens revoke ID")
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
