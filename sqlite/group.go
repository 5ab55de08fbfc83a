package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/names"
	sqlite3 "modernc.org/sqlite/lib"
)

// AddGroups stores groups of states a user defined, all or none. A group
// whose name is taken is ECONFLICT unless replace is set, when it replaces
// the stored one; a group that fails its check is EINVALID. Member names
// are stored as given: callers resolve them first.
func (db *DB) AddGroups(ctx context.Context, gs []names.Group, replace bool) error {
	for i := range gs {
		if err := gs[i].Check(); err != nil {
			return err
		}
	}
	return db.update(ctx, "adding groups", func(tx *sql.Tx) error {
		for _, g := range gs {
			if replace {
				if _, err := tx.ExecContext(ctx, `DELETE FROM groups WHERE name = ?`, g.Name); err != nil {
					return wrap(err, "replacing group %q", g.Name)
				}
			}
			aliases, err := json.Marshal(append([]string{}, g.Aliases...))
			if err != nil {
				return wrap(err, "group %q", g.Name)
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO groups (name, about, source, aliases, created_at) VALUES (?, ?, ?, ?, ?)`,
				g.Name, g.About, g.Source, string(aliases), formatTime(db.now()))
			if sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT {
				return armsflow.Errorf(armsflow.ECONFLICT, "group %q exists already; 'armsflow groups add --replace' replaces it", g.Name)
			}
			if err != nil {
				return wrap(err, "adding group %q", g.Name)
			}
			for _, m := range g.Members {
				if _, err := tx.ExecContext(ctx, `INSERT INTO group_members (grp, member, from_year, to_year) VALUES (?, ?, ?, ?)`,
					g.Name, m.Name, m.From, m.To); err != nil {
					return wrap(err, "adding member %q to group %q", m.Name, g.Name)
				}
			}
		}
		return nil
	})
}

// Groups returns the groups users defined, by name, each with its members
// in the order stored.
func (db *DB) Groups(ctx context.Context) ([]names.Group, error) {
	rows, err := db.rdb.QueryContext(ctx, `SELECT name, about, source, aliases FROM groups ORDER BY name`)
	if err != nil {
		return nil, wrap(err, "reading groups")
	}
	var out []names.Group
	index := map[string]int{}
	for rows.Next() {
		var g names.Group
		var aliases string
		if err := rows.Scan(&g.Name, &g.About, &g.Source, &aliases); err != nil {
			rows.Close()
			return nil, wrap(err, "reading groups")
		}
		if err := json.Unmarshal([]byte(aliases), &g.Aliases); err != nil {
			rows.Close()
			return nil, armsflow.Errorf(armsflow.EINVALID, "group %q: its aliases are not a JSON array (%v); fix the groups table", g.Name, err)
		}
		index[g.Name] = len(out)
		out = append(out, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "reading groups")
	}
	ms, err := db.rdb.QueryContext(ctx, `SELECT grp, member, from_year, to_year FROM group_members ORDER BY rowid`)
	if err != nil {
		return nil, wrap(err, "reading group members")
	}
	defer ms.Close()
	for ms.Next() {
		var grp string
		var m names.Member
		if err := ms.Scan(&grp, &m.Name, &m.From, &m.To); err != nil {
			return nil, wrap(err, "reading group members")
		}
		if i, ok := index[grp]; ok {
			out[i].Members = append(out[i].Members, m)
		}
	}
	return out, wrap(ms.Err(), "reading group members")
}

// DeleteGroup removes a user's group. It is ENOTFOUND when there is none.
func (db *DB) DeleteGroup(ctx context.Context, name string) error {
	return db.update(ctx, fmt.Sprintf("deleting group %q", name), func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `DELETE FROM groups WHERE name = ?`, name)
		if err != nil {
			return wrap(err, "deleting group %q", name)
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return armsflow.Errorf(armsflow.ENOTFOUND, "no group %q; 'armsflow groups list' lists them", name)
		}
		return nil
	})
}
