package store_test

// Helpers of the fault harnesses (fault_*_test.go): a fresh database with
// the demo register, the record read back with plain SQL behind the store's
// back, and the figures each harness reports.

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"

	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/demo"
	"frontdoor/handlers/registercsv"
	"frontdoor/reliability"
	"frontdoor/store"
)

// faultDay is the day the harnesses' clock stands at (noon, London).
var faultDay = handlers.DateOf(2026, time.January, 12)

// faultLong reports whether the long run was asked for (FRONTDOOR_LONG=1).
func faultLong() bool { return reliability.Long() }

// faultService opens the database at path with opts (creating it and loading
// the demo register when it is new) and returns it with the core over it, as
// serve wires them, allowing team T1 to write.
func faultService(t testing.TB, path string, opts store.Options) (*store.DB, *command.Service) {
	t.Helper()
	ctx := context.Background()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	clock := handlers.FixedDay(faultDay, loc)
	if opts.Clock == nil {
		opts.Clock = clock
	}
	db, err := store.Open(ctx, path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	current, version, err := db.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(current.Programmes) == 0 {
		var files []registercsv.File
		for _, kind := range handlers.RegisterKinds {
			data, err := fs.ReadFile(demo.Register(), kind+".csv")
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, registercsv.File{Name: kind + ".csv", Data: data})
		}
		diff, problems := registercsv.Plan(current, files, false)
		if len(problems) > 0 {
			t.Fatalf("demo register: %v", problems)
		}
		if err := db.ApplyImport(ctx, diff, "test", version); err != nil {
			t.Fatal(err)
		}
	}
	return db, command.New(command.Options{Registers: db, Actions: db, People: unitPeople{}, Clock: clock, Loc: loc})
}

// faultRecord is what the file holds, read with plain SQL on a connection of
// its own, so that nothing the store caches can hide a half-written row.
type faultRecord struct {
	Problems []string // integrity_check and foreign_key_check findings
	Actions  map[int64]string
	ByText   map[string][]int64
	Audit    []faultAudit
	Keys     map[string]faultKey
}

type faultAudit struct {
	Kind, Subject, Outcome, After string
}

type faultKey struct {
	Kind     string
	ActionID int64
}

func readRecord(t testing.TB, path string) *faultRecord {
	t.Helper()
	raw, err := sql.Open("sqlite3", path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	r := &faultRecord{Actions: map[int64]string{}, ByText: map[string][]int64{}, Keys: map[string]faultKey{}}
	query := func(q string, scan func(*sql.Rows) error) {
		t.Helper()
		rows, err := raw.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	query(`PRAGMA integrity_check`, func(rows *sql.Rows) error {
		var line string
		err := rows.Scan(&line)
		if line != "ok" {
			r.Problems = append(r.Problems, "integrity: "+line)
		}
		return err
	})
	query(`PRAGMA foreign_key_check`, func(rows *sql.Rows) error {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		err := rows.Scan(&table, &rowid, &parent, &fk)
		r.Problems = append(r.Problems, fmt.Sprintf("foreign key: %s row %d refers to a missing %s", table, rowid.Int64, parent))
		return err
	})
	// Every column of the action, so that any change to it shows.
	query(`SELECT id, json_array(text, owner_id, owner_name, creator_id, due, status, channel_id, link, created_at, updated_at, closed_at,
		(SELECT json_group_array(kind || ':' || ref_id) FROM action_tags WHERE action_id = actions.id)), text FROM actions`, func(rows *sql.Rows) error {
		var id int64
		var row, text string
		err := rows.Scan(&id, &row, &text)
		r.Actions[id] = row
		r.ByText[text] = append(r.ByText[text], id)
		return err
	})
	query(`SELECT kind, subject, outcome, coalesce("after", '') FROM audit ORDER BY id`, func(rows *sql.Rows) error {
		var a faultAudit
		err := rows.Scan(&a.Kind, &a.Subject, &a.Outcome, &a.After)
		r.Audit = append(r.Audit, a)
		return err
	})
	query(`SELECT key, kind, coalesce(action_id, 0) FROM idempotency`, func(rows *sql.Rows) error {
		var key string
		var k faultKey
		err := rows.Scan(&key, &k.Kind, &k.ActionID)
		r.Keys[key] = k
		return err
	})
	return r
}

// audits returns the ok audit rows of kind about action id.
func (r *faultRecord) audits(kind string, id int64) []faultAudit {
	var out []faultAudit
	for _, a := range r.Audit {
		if a.Kind == kind && a.Subject == fmt.Sprintf("#%d", id) && a.Outcome == store.OutcomeOK {
			out = append(out, a)
		}
	}
	return out
}

// halfWritten lists what breaks the record's own rules: a damaged file, an
// action without exactly one creation audit row, an audit row or a key
// about an action that is not there.
func (r *faultRecord) halfWritten() []string {
	out := slices.Clone(r.Problems)
	for id := range r.Actions {
		if n := len(r.audits(store.AuditActionCreate, id)); n != 1 {
			out = append(out, fmt.Sprintf("action #%d has %d creation audit rows", id, n))
		}
	}
	for _, a := range r.Audit {
		if !strings.HasPrefix(a.Kind, "action.") || a.Outcome != store.OutcomeOK {
			continue
		}
		var id int64
		if _, err := fmt.Sscanf(a.Subject, "#%d", &id); err != nil || r.Actions[id] == "" {
			out = append(out, fmt.Sprintf("audit row %s about %s, which is not there", a.Kind, a.Subject))
		}
	}
	for key, k := range r.Keys {
		if k.ActionID != 0 && r.Actions[k.ActionID] == "" {
			out = append(out, fmt.Sprintf("key %s refers to action #%d, which is not there", key, k.ActionID))
		}
	}
	slices.Sort(out)
	return out
}

// roundName spells n in letters, so that texts stay unique without digits
// the due-date parser could read as a date.
func roundName(n int) string {
	s := ""
	for {
		s = string(rune('a'+n%26)) + s
		n /= 26
		if n == 0 {
			return s
		}
		n--
	}
}
