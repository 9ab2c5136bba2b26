package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"frontdoor/handlers"
	"frontdoor/reliability"
	"frontdoor/store"
	"frontdoor/store/faultdriver"
)

// faults is the fault-injecting driver of this test binary, registered once.
var faults = faultdriver.Register("sqlite3-faults")

// isWriter selects the store's writer connection: only it asks for BEGIN IMMEDIATE.
func isWriter(ev faultdriver.Event) bool { return strings.Contains(ev.DSN, "_txlock=immediate") }

// A write command of the I/O error harness: how to ask for it and how the
// person is told it was done.
type ioCommand struct {
	name   string
	text   func(target int64, round string) string
	verb   string
	kind   string // the audit kind of the change; "" for log
	target bool   // needs an action to change
}

var ioCommands = []ioCommand{
	{name: "log", text: func(_ int64, r string) string { return "log DWP to send the referral figures, round " + r }, verb: "Logged"},
	{name: "note", text: func(id int64, r string) string { return fmt.Sprintf("note %d figures sent, round %s", id, r) }, verb: "Note added to", kind: "action.note", target: true},
	{name: "due", text: func(id int64, _ string) string { return fmt.Sprintf("due %d by 30 Jan", id) }, verb: "New due date for", kind: "action.due", target: true},
	{name: "done", text: func(id int64, _ string) string { return fmt.Sprintf("done %d", id) }, verb: "Done", kind: "action.done", target: true},
}

// ioTally is what the harness counts.
type ioTally struct {
	requests, faulted, confirmed, refused int
	byOp                                  map[faultdriver.Op]int
	lost, unconfirmedPresent, halfWritten int
	notRecovered                          int
}

// I/O errors at every step of a write: an I/O error injected through the
// fault driver (the real SQLite engine underneath) at the Nth operation of
// the writer — BEGIN, each statement, COMMIT — for every N a write has, with
// the failed statement undone alone or with its whole transaction. Each
// write is then either fully there (action or change, its audit row, its
// key) and was confirmed, or not there at all and was not confirmed; and the
// next request, on the same open store, works.
func TestFaultIOErrors(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "frontdoor.db")
	var logs bytes.Buffer
	db, svc := faultService(t, path, store.Options{DriverName: "sqlite3-faults", Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	t.Cleanup(func() { faults.SetRule(nil) })
	sam := handlers.Person{ID: "U0SAM", Name: "sam", TeamID: "T1"}
	tally := ioTally{byOp: map[faultdriver.Op]int{}}
	raw, err := sql.Open("sqlite3", path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	checks, checkEvery := 0, 1
	if faultLong() {
		checkEvery = 100
	}
	seq := 0
	next := func() string { seq++; return roundName(seq) }

	do := func(text, key string) (handlers.Reply, error) {
		tally.requests++
		return svc.Handle(ctx, handlers.Request{Text: text, User: sam, Key: key})
	}
	// mustLog logs an action with no fault armed and returns its number.
	mustLog := func(t *testing.T, why string) int64 {
		t.Helper()
		r := next()
		reply, err := do(ioCommands[0].text(0, r+" ("+why+")"), "key-"+r)
		if err != nil || !strings.HasPrefix(reply.Text, "Logged #") {
			tally.notRecovered++
			t.Fatalf("%s: a write with no fault failed: %q, %v", why, reply.Text, err)
		}
		var id int64
		fmt.Sscanf(reply.Text, "Logged #%d", &id)
		return id
	}

	// run sends c with fault armed and checks the outcome against the file.
	run := func(t *testing.T, c ioCommand, fault *faultdriver.Nth) {
		t.Helper()
		var target int64
		if c.target {
			target = mustLog(t, "target")
		}
		round := next()
		text, key := c.text(target, round), "key-"+round
		before := focus(t, raw, c, target, text, key)
		faults.SetRule(fault.Rule)
		reply, err := do(text, key)
		faults.SetRule(nil)
		after := focus(t, raw, c, target, text, key)

		ev, fired := fault.Fired()
		if fired {
			tally.faulted++
			tally.byOp[ev.Op]++
		}
		confirmed := err == nil && strings.HasPrefix(reply.Text, c.verb+" #")
		if confirmed {
			tally.confirmed++
		} else {
			tally.refused++
			// The disk refused it: the person is told so, plainly.
			if !strings.HasPrefix(reply.Text, "Nothing was saved") || !errors.Is(err, handlers.ErrUnwritable) {
				t.Errorf("%q failed with %v and was answered %q; want a plain \"Nothing was saved\"", text, err, reply.Text)
			}
		}
		if !fired && !confirmed {
			t.Errorf("%q: no fault was injected, yet it was not confirmed: %q, %v", text, reply.Text, err)
		}

		// Was it written? An action with this text, or a change of the
		// target with its audit row; and then, its key.
		var present bool
		if c.target {
			present = after.changes > before.changes
			if !present && after.target != before.target {
				tally.halfWritten++
				t.Errorf("%q: action #%d changed without its audit row:\n before %s\n after  %s", text, target, before.target, after.target)
			}
		} else {
			present = after.logged > 0
			if after.logged > 1 {
				tally.halfWritten++
				t.Errorf("%q: logged %d times", text, after.logged)
			}
		}
		keyed := after.keyed
		if present != keyed {
			tally.halfWritten++
			t.Errorf("%q: written %v but its key recorded %v", text, present, keyed)
		}
		switch {
		case confirmed && !present:
			tally.lost++
			t.Errorf("%q was confirmed (%q) but is not in the file (fault at %s %q)", text, reply.Text, ev.Op, ev.Query)
		case present && !confirmed:
			tally.unconfirmedPresent++
			t.Errorf("%q is in the file but the person was told %q, %v (fault at %s %q)", text, reply.Text, err, ev.Op, ev.Query)
		}
		// The whole file, every so often: every action with its
		// creation row, no row about one that is missing.
		if checks++; checks%checkEvery == 0 {
			if p := readRecord(t, path).halfWritten(); len(p) > 0 {
				tally.halfWritten += len(p)
				t.Errorf("after %q (fault at %s %q): %v", text, ev.Op, ev.Query, p)
			}
		}
		// The person told it failed can try again at once, on the same
		// open store: no restart, no repair.
		if !confirmed {
			mustLog(t, "recovery")
		}
	}

	// How many writer operations each command makes, with nothing failing.
	ops := map[string]int{}
	for _, c := range ioCommands {
		count := &faultdriver.Nth{Match: isWriter} // N = 0: counts, never fires
		var target int64
		if c.target {
			target = mustLog(t, "count")
		}
		faults.SetRule(count.Rule)
		reply, err := do(c.text(target, next()), "key-count-"+c.name)
		faults.SetRule(nil)
		if err != nil {
			t.Fatalf("%s with no fault: %v", c.name, err)
		}
		if !strings.HasPrefix(reply.Text, c.verb+" #") {
			t.Fatalf("%s with no fault: %q", c.name, reply.Text)
		}
		ops[c.name] = count.Seen()
	}
	t.Logf("writer operations per command: %v", ops)

	// The sweep: every operation of every command, both ways SQLite may
	// undo a failed statement, and one past the last (no fault: confirmed).
	for _, c := range ioCommands {
		for _, rollback := range []bool{false, true} {
			for n := 1; n <= ops[c.name]+1; n++ {
				name := fmt.Sprintf("%s/op %d/rollback %v", c.name, n, rollback)
				t.Run(name, func(t *testing.T) {
					run(t, c, &faultdriver.Nth{N: n, Match: isWriter, Fault: faultdriver.Fault{Err: faultdriver.IOError, Rollback: rollback}})
				})
			}
		}
	}

	// Then at random: a fault in one request of three, at any operation,
	// SQLITE_FULL as well as I/O errors.
	random := 120
	if faultLong() {
		random = 3000
	}
	rng := rand.New(rand.NewPCG(6, 2))
	for i := range random {
		c := ioCommands[rng.IntN(len(ioCommands))]
		fault := &faultdriver.Nth{Match: isWriter}
		if rng.IntN(3) == 0 {
			fault.N = 1 + rng.IntN(ops[c.name])
			fault.Fault = faultdriver.Fault{Err: faultdriver.IOError, Rollback: rng.IntN(2) == 0}
			if rng.IntN(4) == 0 {
				fault.Fault.Err = faultdriver.DiskFull
			}
		}
		t.Run(fmt.Sprintf("random %d %s", i, c.name), func(t *testing.T) { run(t, c, fault) })
	}

	if p := readRecord(t, path).halfWritten(); len(p) > 0 {
		tally.halfWritten += len(p)
		t.Errorf("after the sweep: %v", p)
	}
	if p, err := db.Check(ctx); err != nil || len(p) > 0 {
		t.Errorf("Check after the sweep: %v, %v", p, err)
	}
	// Whoever runs the service finds each refused write in the log, with its cause.
	logged := strings.Count(logs.String(), "the disk refused a write")
	if logged != tally.refused {
		t.Errorf("%d refused writes, %d logged", tally.refused, logged)
	}
	if tally.faulted == 0 || tally.refused == 0 || tally.confirmed == 0 {
		t.Errorf("the harness proved nothing: %+v", tally)
	}
	figures := map[string]any{
		"requests": tally.requests, "faults_injected": tally.faulted, "confirmed": tally.confirmed,
		"refused": tally.refused, "lost": tally.lost, "present_unconfirmed": tally.unconfirmedPresent,
		"half_written": tally.halfWritten, "not_recovered": tally.notRecovered, "refusals_logged": logged,
	}
	for op, n := range tally.byOp {
		figures["faults_at_"+string(op)] = n
	}
	reliability.Report(t, "TestFaultIOErrors", figures)
}

// ioFocus is what one request of the harness may have written, read with
// plain SQL: the target action's row and its changes of the command's kind,
// the actions logged with the request's text, and the request's key.
type ioFocus struct {
	target  string
	changes int
	logged  int
	keyed   bool
}

func focus(t *testing.T, raw *sql.DB, c ioCommand, target int64, text, key string) ioFocus {
	t.Helper()
	var f ioFocus
	scan := func(q string, dest any, args ...any) {
		t.Helper()
		if err := raw.QueryRow(q, args...).Scan(dest); err != nil && !errors.Is(err, sql.ErrNoRows) {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if c.target {
		scan(`SELECT json_array(text, owner_id, owner_name, creator_id, due, status, channel_id, link, created_at, updated_at, closed_at,
			(SELECT json_group_array(kind || ':' || ref_id) FROM action_tags WHERE action_id = actions.id)) FROM actions WHERE id = ?`, &f.target, target)
		scan(`SELECT count(*) FROM audit WHERE subject = ? AND kind = ? AND outcome = 'ok'`, &f.changes, fmt.Sprintf("#%d", target), c.kind)
	} else {
		scan(`SELECT count(*) FROM actions WHERE text = ?`, &f.logged, strings.TrimPrefix(text, "log "))
	}
	scan(`SELECT count(*) > 0 FROM idempotency WHERE key = ?`, &f.keyed, key)
	return f
}
