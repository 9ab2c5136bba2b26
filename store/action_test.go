package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"frontdoor/handlers"
)

// t0 is fixedNow as stored: UTC, to the millisecond.
var t0 = time.Date(2026, 3, 31, 9, 15, 2, 123000000, time.UTC)

// sampleAction is an action as the core would hand it to CreateAction, with
// fields the store sets (ID, status, times) filled in wrongly on purpose.
func sampleAction() handlers.Action {
	return handlers.Action{
		ID:        99,
		Text:      "DWP to share Restart leaver data with the ICB",
		OwnerID:   "U2",
		OwnerName: "Priya",
		CreatorID: "U1",
		Due:       date("2026-04-03"),
		Status:    handlers.ActionDone,
		Tags: []handlers.Tag{
			{Kind: handlers.TagAgency, ID: "dwp"},
			{Kind: handlers.TagProgramme, ID: "restart"},
			{Kind: handlers.TagAgency, ID: "dwp"}, // named twice: kept once
		},
		ChannelID: "C1",
		Link:      "https://example.slack.com/archives/C1/p1",
		CreatedAt: time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC),
		ClosedAt:  time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC),
	}
}

func mustCreate(t *testing.T, db *DB, a handlers.Action, key string) handlers.Action {
	t.Helper()
	got, replayed, err := db.CreateAction(context.Background(), a, key)
	if err != nil {
		t.Fatalf("CreateAction(%q): %v", a.Text, err)
	}
	if replayed {
		t.Fatalf("CreateAction(%q) replayed a key not seen before", a.Text)
	}
	return got
}

// edit returns a change that applies fn and reports kind and detail.
func edit(kind, detail string, fn func(a *handlers.Action)) func(*handlers.Action) (handlers.ActionChange, error) {
	return func(a *handlers.Action) (handlers.ActionChange, error) {
		if fn != nil {
			fn(a)
		}
		return handlers.ActionChange{Kind: kind, Detail: detail}, nil
	}
}

func mustUpdate(t *testing.T, db *DB, id int64, actor string, at time.Time, change func(*handlers.Action) (handlers.ActionChange, error)) handlers.Action {
	t.Helper()
	got, replayed, err := db.UpdateAction(context.Background(), id, "", actor, at, change)
	if err != nil {
		t.Fatalf("UpdateAction(#%d): %v", id, err)
	}
	if replayed {
		t.Fatalf("UpdateAction(#%d) replayed without a key", id)
	}
	return got
}

func mustGet(t *testing.T, db *DB, id int64) handlers.Action {
	t.Helper()
	a, err := db.GetAction(context.Background(), id)
	if err != nil {
		t.Fatalf("GetAction(#%d): %v", id, err)
	}
	return a
}

// count returns the rows of one of the store's tables.
func count(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.reader.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// decoded is an audit row with its before and after read back as actions.
type decoded struct {
	At                   time.Time
	Actor, Kind, Subject string
	Outcome, Detail      string
	Before, After        *handlers.Action
}

func decodeAudit(t *testing.T, rows []AuditEntry) []decoded {
	t.Helper()
	var out []decoded
	for _, e := range rows {
		d := decoded{At: e.At, Actor: e.Actor, Kind: e.Kind, Subject: e.Subject, Outcome: e.Outcome, Detail: e.Detail}
		for _, side := range []struct {
			raw json.RawMessage
			dst **handlers.Action
		}{{e.Before, &d.Before}, {e.After, &d.After}} {
			if side.raw == nil {
				continue
			}
			var a handlers.Action
			if err := json.Unmarshal(side.raw, &a); err != nil {
				t.Fatalf("audit row %d: %v in %s", e.ID, err, side.raw)
			}
			*side.dst = &a
		}
		out = append(out, d)
	}
	return out
}

func TestActionLifeCycle(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)

	created := mustCreate(t, db, sampleAction(), "")
	a0 := handlers.Action{
		ID: 1, Text: "DWP to share Restart leaver data with the ICB", OwnerID: "U2", OwnerName: "Priya", CreatorID: "U1",
		Due: date("2026-04-03"), Status: handlers.ActionOpen,
		Tags:      []handlers.Tag{{Kind: handlers.TagAgency, ID: "dwp"}, {Kind: handlers.TagProgramme, ID: "restart"}},
		ChannelID: "C1", Link: "https://example.slack.com/archives/C1/p1", CreatedAt: t0, UpdatedAt: t0,
	}
	if !reflect.DeepEqual(created, a0) {
		t.Fatalf("CreateAction =\n%+v\nwant\n%+v", created, a0)
	}
	if got := mustGet(t, db, 1); !reflect.DeepEqual(got, a0) {
		t.Fatalf("GetAction =\n%+v\nwant\n%+v", got, a0)
	}

	// Each step passes a time with nanoseconds; the store keeps milliseconds.
	at := func(h int) time.Time {
		return fixedNow.Add(time.Duration(h) * time.Hour).In(time.FixedZone("BST", 3600))
	}
	ms := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }

	a1 := a0
	a1.Status, a1.ClosedAt, a1.UpdatedAt = handlers.ActionDone, ms(1), ms(1)
	a2 := a1
	a2.Status, a2.ClosedAt, a2.UpdatedAt = handlers.ActionOpen, time.Time{}, ms(2)
	a3 := a2
	a3.OwnerID, a3.OwnerName, a3.UpdatedAt = "U3", "Sam", ms(3)
	a4 := a3
	a4.Due, a4.UpdatedAt = date("2026-05-01"), ms(4)
	a5 := a4
	a5.UpdatedAt = ms(5)
	a6 := a5
	a6.Status, a6.UpdatedAt = handlers.ActionDeleted, ms(6)

	steps := []struct {
		name, actor string
		change      func(*handlers.Action) (handlers.ActionChange, error)
		want        handlers.Action
	}{
		// The store stamps ClosedAt, whatever the change says.
		{"done", "U2", edit("action.done", "", func(a *handlers.Action) {
			a.Status, a.ClosedAt = handlers.ActionDone, time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
		}), a1},
		{"reopen", "U2", edit("action.reopen", "", func(a *handlers.Action) { a.Status = handlers.ActionOpen }), a2},
		{"assign", "U1", edit("action.assign", "", func(a *handlers.Action) { a.OwnerID, a.OwnerName = "U3", "Sam" }), a3},
		// What is not the core's to change is put back.
		{"due", "U3", edit("action.due", "", func(a *handlers.Action) {
			a.Due, a.ID, a.CreatorID, a.CreatedAt = date("2026-05-01"), 7, "mallory", time.Time{}
		}), a4},
		{"note", "U3", edit("action.note", "Chased by email", nil), a5},
		{"delete", "EDITOR", edit("action.delete", "", func(a *handlers.Action) { a.Status = handlers.ActionDeleted }), a6},
	}
	for i, s := range steps {
		got := mustUpdate(t, db, 1, s.actor, at(i+1), s.change)
		if !reflect.DeepEqual(got, s.want) {
			t.Errorf("%s: UpdateAction =\n%+v\nwant\n%+v", s.name, got, s.want)
		}
		if stored := mustGet(t, db, 1); !reflect.DeepEqual(stored, s.want) {
			t.Errorf("%s: GetAction =\n%+v\nwant\n%+v", s.name, stored, s.want)
		}
	}

	hist, err := db.ActionHistory(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	// The create row is pinned as text: the audit must stay readable without the program.
	wantCreateJSON := `{"ID":1,"Text":"DWP to share Restart leaver data with the ICB","OwnerID":"U2","OwnerName":"Priya",` +
		`"CreatorID":"U1","Due":"2026-04-03","Status":"open","Tags":[{"Kind":"agency","ID":"dwp"},{"Kind":"programme","ID":"restart"}],` +
		`"ChannelID":"C1","Link":"https://example.slack.com/archives/C1/p1","CreatedAt":"2026-03-31T09:15:02.123Z",` +
		`"UpdatedAt":"2026-03-31T09:15:02.123Z","ClosedAt":"0001-01-01T00:00:00Z"}`
	if len(hist) == 0 || string(hist[0].After) != wantCreateJSON || hist[0].Before != nil {
		t.Errorf("create audit row after =\n%s\nwant\n%s", hist[0].After, wantCreateJSON)
	}
	want := []decoded{
		{At: t0, Actor: "U1", Kind: "action.create", Subject: "#1", Outcome: "ok", After: &a0},
		{At: ms(1), Actor: "U2", Kind: "action.done", Subject: "#1", Outcome: "ok", Before: &a0, After: &a1},
		{At: ms(2), Actor: "U2", Kind: "action.reopen", Subject: "#1", Outcome: "ok", Before: &a1, After: &a2},
		{At: ms(3), Actor: "U1", Kind: "action.assign", Subject: "#1", Outcome: "ok", Before: &a2, After: &a3},
		{At: ms(4), Actor: "U3", Kind: "action.due", Subject: "#1", Outcome: "ok", Before: &a3, After: &a4},
		{At: ms(5), Actor: "U3", Kind: "action.note", Subject: "#1", Outcome: "ok", Detail: "Chased by email", Before: &a4, After: &a5},
		{At: ms(6), Actor: "EDITOR", Kind: "action.delete", Subject: "#1", Outcome: "ok", Before: &a5, After: &a6},
	}
	if got := decodeAudit(t, hist); !reflect.DeepEqual(got, want) {
		t.Errorf("ActionHistory:")
		for i := range max(len(got), len(want)) {
			var g, w decoded
			if i < len(got) {
				g = got[i]
			}
			if i < len(want) {
				w = want[i]
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("row %d:\n got %+v\nwant %+v", i+1, g, w)
			}
		}
	}
	if all, err := db.Audit(ctx, AuditFilter{}); err != nil || !reflect.DeepEqual(all, hist) {
		t.Errorf("the audit holds more than the action's history: %d rows, %v", len(all), err)
	}

	// Deleted, it is gone from lists but kept.
	if open, total, err := db.ListActions(ctx, handlers.ActionFilter{}); err != nil || len(open) != 0 || total != 0 {
		t.Errorf("ListActions(open) = %v, %d, %v; want none", open, total, err)
	}
	if del, _, err := db.ListActions(ctx, handlers.ActionFilter{Statuses: []string{handlers.ActionDeleted}}); err != nil || !reflect.DeepEqual(del, []handlers.Action{a6}) {
		t.Errorf("ListActions(deleted) = %+v, %v", del, err)
	}
}

func TestRefusedChange(t *testing.T) {
	tests := []struct {
		name     string
		kind     string
		err      error
		wantKind string
	}{
		{"refusal with its kind", "action.done", handlers.Errorf(handlers.EForbidden, "Only Priya or an editor can close #1."), "action.done"},
		{"refusal without a kind", "", handlers.Errorf(handlers.EConflict, "#1 is deleted."), "action.change"},
		{"plain error", "action.due", errors.New("no such date"), "action.due"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := mustOpen(t)
			before := mustCreate(t, db, sampleAction(), "")

			got, replayed, err := db.UpdateAction(ctx, 1, "", "U9", fixedNow.Add(time.Minute), func(a *handlers.Action) (handlers.ActionChange, error) {
				// A change that gives up half-way must leave no trace.
				a.Status, a.Text, a.Tags = handlers.ActionDone, "rewritten", nil
				return handlers.ActionChange{Kind: tt.kind}, tt.err
			})
			if err != tt.err {
				t.Fatalf("UpdateAction error = %v; want the change's own error %v", err, tt.err)
			}
			if replayed || !reflect.DeepEqual(got, before) {
				t.Errorf("UpdateAction = %+v, replayed %v; want the action as it was", got, replayed)
			}
			if after := mustGet(t, db, 1); !reflect.DeepEqual(after, before) {
				t.Errorf("action changed:\n%+v\nwant\n%+v", after, before)
			}
			hist, err := db.ActionHistory(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			want := []decoded{
				{At: t0, Actor: "U1", Kind: "action.create", Subject: "#1", Outcome: "ok", After: &before},
				{At: t0.Add(time.Minute), Actor: "U9", Kind: tt.wantKind, Subject: "#1", Outcome: "refused", Detail: tt.err.Error(), Before: &before},
			}
			if got := decodeAudit(t, hist); !reflect.DeepEqual(got, want) {
				t.Errorf("ActionHistory =\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

func TestActionNotFound(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustCreate(t, db, sampleAction(), "")
	called := false
	_, _, err := db.UpdateAction(ctx, 2, "k", "U1", fixedNow, func(a *handlers.Action) (handlers.ActionChange, error) {
		called = true
		return handlers.ActionChange{Kind: "action.done"}, nil
	})
	_, getErr := db.GetAction(ctx, 2)
	_, histErr := db.ActionHistory(ctx, 2)
	for name, err := range map[string]error{"UpdateAction": err, "GetAction": getErr} {
		if !errors.Is(err, handlers.ErrNotFound) || err.Error() != "store: action #2: not found" {
			t.Errorf("%s(#2) = %v; want store: action #2: not found", name, err)
		}
	}
	if !errors.Is(histErr, handlers.ErrNotFound) {
		t.Errorf("ActionHistory(#2) = %v; want not found", histErr)
	}
	if called {
		t.Error("change called for a missing action")
	}
	if n := count(t, db, "audit"); n != 1 {
		t.Errorf("%d audit rows; want only the create", n)
	}
	if n := count(t, db, "idempotency"); n != 0 {
		t.Errorf("a failed update recorded its key")
	}
}

func TestCreateActionRefusesIncomplete(t *testing.T) {
	tests := []struct {
		name string
		edit func(a *handlers.Action)
		want string
	}{
		{"no text", func(a *handlers.Action) { a.Text = "" }, "an action needs text"},
		{"no owner", func(a *handlers.Action) { a.OwnerID = "" }, "an action needs an owner"},
		{"no creator", func(a *handlers.Action) { a.CreatorID = "" }, "an action needs a creator"},
		{"bad tag kind", func(a *handlers.Action) { a.Tags = []handlers.Tag{{Kind: "area", ID: "E92000001"}} }, `unknown tag kind "area"`},
		{"empty tag", func(a *handlers.Action) { a.Tags = []handlers.Tag{{Kind: handlers.TagAgency}} }, "a agency tag needs an id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := mustOpen(t)
			a := sampleAction()
			tt.edit(&a)
			_, _, err := db.CreateAction(context.Background(), a, "key")
			if err == nil || err.Error() != "store: create action: "+tt.want {
				t.Errorf("CreateAction = %v; want store: create action: %s", err, tt.want)
			}
			for _, table := range []string{"actions", "action_tags", "audit", "idempotency"} {
				if n := count(t, db, table); n != 0 {
					t.Errorf("%d rows in %s", n, table)
				}
			}
		})
	}
}

func TestCreateActionKey(t *testing.T) {
	ctx := context.Background()
	now := fixedNow
	db := mustOpenAt(t, filepath.Join(t.TempDir(), "frontdoor.db"), Options{Clock: handlers.ClockFunc(func() time.Time { return now })})

	first := mustCreate(t, db, sampleAction(), "sig-1")
	again := sampleAction()
	again.Text = "a retry carries the same key, whatever it says"
	got, replayed, err := db.CreateAction(ctx, again, "sig-1")
	if err != nil || !replayed || !reflect.DeepEqual(got, first) {
		t.Fatalf("CreateAction with a seen key = %+v, %v, %v; want #1 replayed", got, replayed, err)
	}
	if n := count(t, db, "actions"); n != 1 {
		t.Fatalf("%d actions after a replay; want 1", n)
	}
	if n := count(t, db, "audit"); n != 1 {
		t.Fatalf("%d audit rows after a replay; want 1", n)
	}
	// No key: every call is a new request.
	if a := mustCreate(t, db, sampleAction(), ""); a.ID != 2 {
		t.Errorf("no key: got #%d; want #2", a.ID)
	}
	if a := mustCreate(t, db, sampleAction(), ""); a.ID != 3 {
		t.Errorf("no key again: got #%d; want #3", a.ID)
	}

	// Still seen at the end of the hour.
	now = fixedNow.Add(time.Hour - time.Millisecond)
	if got, replayed, err := db.CreateAction(ctx, sampleAction(), "sig-1"); err != nil || !replayed || got.ID != 1 {
		t.Errorf("key 1 h - 1 ms old: #%d, replayed %v, %v; want #1 replayed", got.ID, replayed, err)
	}
	// Forgotten after it: the same key is a new request.
	now = fixedNow.Add(time.Hour + time.Millisecond)
	if a := mustCreate(t, db, sampleAction(), "sig-1"); a.ID != 4 {
		t.Errorf("expired key: got #%d; want #4", a.ID)
	}
	// That write remembered the key afresh.
	if got, replayed, err := db.CreateAction(ctx, sampleAction(), "sig-1"); err != nil || !replayed || got.ID != 4 {
		t.Errorf("renewed key: #%d, replayed %v, %v; want #4 replayed", got.ID, replayed, err)
	}
}

func TestExpiredKeysArePurged(t *testing.T) {
	ctx := context.Background()
	now := fixedNow
	db := mustOpenAt(t, filepath.Join(t.TempDir(), "frontdoor.db"), Options{Clock: handlers.ClockFunc(func() time.Time { return now })})
	for i := range purgeBatch + 5 {
		now = fixedNow.Add(time.Duration(i) * time.Second)
		mustCreate(t, db, sampleAction(), fmt.Sprintf("k%d", i))
	}
	// An hour after the first ten were written, the next write removes those ten.
	now = fixedNow.Add(time.Hour + 9*time.Second + time.Millisecond)
	mustCreate(t, db, sampleAction(), "")
	if n := count(t, db, "idempotency"); n != purgeBatch+5-10 {
		t.Errorf("%d keys kept; want %d", n, purgeBatch+5-10)
	}
	// Much later, one write removes at most purgeBatch.
	now = fixedNow.Add(10 * time.Hour)
	if _, _, err := db.UpdateAction(ctx, 1, "", "U1", now, edit("action.note", "n", nil)); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "idempotency"); n != 0 {
		t.Errorf("%d keys kept; want 0", n)
	}
}

func TestUpdateActionKey(t *testing.T) {
	ctx := context.Background()
	now := fixedNow
	db := mustOpenAt(t, filepath.Join(t.TempDir(), "frontdoor.db"), Options{Clock: handlers.ClockFunc(func() time.Time { return now })})
	mustCreate(t, db, sampleAction(), "create-key")
	mustCreate(t, db, sampleAction(), "")

	calls := 0
	assign := func(a *handlers.Action) (handlers.ActionChange, error) {
		calls++
		a.OwnerID = fmt.Sprintf("U%d", 10+calls)
		return handlers.ActionChange{Kind: "action.assign"}, nil
	}
	first, replayed, err := db.UpdateAction(ctx, 1, "ts-1", "U1", fixedNow, assign)
	if err != nil || replayed || first.OwnerID != "U11" {
		t.Fatalf("UpdateAction = %+v, %v, %v", first, replayed, err)
	}
	got, replayed, err := db.UpdateAction(ctx, 1, "ts-1", "U1", fixedNow.Add(time.Second), assign)
	if err != nil || !replayed || !reflect.DeepEqual(got, first) {
		t.Errorf("UpdateAction with a seen key = %+v, %v, %v; want the current action, replayed", got, replayed, err)
	}
	if calls != 1 {
		t.Errorf("change called %d times; want 1", calls)
	}
	if hist, err := db.ActionHistory(ctx, 1); err != nil || len(hist) != 2 {
		t.Errorf("history has %d rows, %v; want create and one assign", len(hist), err)
	}

	// A key belongs to one write: reusing it for another is a caller's bug, not a replay.
	for _, tt := range []struct {
		name string
		id   int64
		key  string
	}{
		{"another action", 2, "ts-1"},
		{"a create key", 1, "create-key"},
	} {
		_, _, err := db.UpdateAction(ctx, tt.id, tt.key, "U1", fixedNow, assign)
		if !errors.Is(err, handlers.ErrConflict) {
			t.Errorf("%s: UpdateAction = %v; want ErrConflict", tt.name, err)
		}
	}
	if _, _, err := db.CreateAction(ctx, sampleAction(), "ts-1"); !errors.Is(err, handlers.ErrConflict) {
		t.Errorf("CreateAction with an update's key = %v; want ErrConflict", err)
	}
	if calls != 1 || count(t, db, "audit") != 3 {
		t.Errorf("a reused key changed something: %d calls, %d audit rows", calls, count(t, db, "audit"))
	}

	// An hour later the key is forgotten and the change is made again.
	now = fixedNow.Add(time.Hour + time.Millisecond)
	if got := mustUpdateKey(t, db, 1, "ts-1", assign); got.OwnerID != "U12" {
		t.Errorf("expired key: owner %s; want U12", got.OwnerID)
	}

	// A refusal records no key: a retry is checked, and refused, again.
	refuse := func(a *handlers.Action) (handlers.ActionChange, error) {
		return handlers.ActionChange{Kind: "action.done"}, handlers.Errorf(handlers.EForbidden, "not yours")
	}
	for range 2 {
		if _, replayed, err := db.UpdateAction(ctx, 2, "ts-2", "U9", now, refuse); err == nil || replayed {
			t.Errorf("refused change = %v, replayed %v", err, replayed)
		}
	}
	if hist, err := db.ActionHistory(ctx, 2); err != nil || len(hist) != 3 || hist[1].Outcome != OutcomeRefused || hist[2].Outcome != OutcomeRefused {
		t.Errorf("history of #2 = %+v, %v; want create and two refusals", hist, err)
	}
}

// Event claims (claims.go) share the table: a claim is not a write's key.
func TestKeysAndClaimsShareTheTable(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	if first, err := db.Claim(ctx, "event-1", time.Hour); err != nil || !first {
		t.Fatalf("Claim = %v, %v; want the first claim", first, err)
	}
	mustCreate(t, db, sampleAction(), "sig-1")
	if _, _, err := db.CreateAction(ctx, sampleAction(), "event-1"); !errors.Is(err, handlers.ErrConflict) {
		t.Errorf("CreateAction with a claimed key = %v; want ErrConflict", err)
	}
	if _, _, err := db.UpdateAction(ctx, 1, "event-1", "U1", fixedNow, edit("action.note", "n", nil)); !errors.Is(err, handlers.ErrConflict) {
		t.Errorf("UpdateAction with a claimed key = %v; want ErrConflict", err)
	}
	if first, err := db.Claim(ctx, "sig-1", time.Hour); err != nil || first {
		t.Errorf("Claim of a write's key = %v, %v; want already taken", first, err)
	}
	if n := count(t, db, "actions"); n != 1 {
		t.Errorf("%d actions; want 1", n)
	}
}

func mustUpdateKey(t *testing.T, db *DB, id int64, key string, change func(*handlers.Action) (handlers.ActionChange, error)) handlers.Action {
	t.Helper()
	got, replayed, err := db.UpdateAction(context.Background(), id, key, "U1", fixedNow, change)
	if err != nil || replayed {
		t.Fatalf("UpdateAction(#%d, %q) = %v, replayed %v", id, key, err, replayed)
	}
	return got
}

// The audit of an action is as append-only as an import's, and an action
// itself is never deleted.
func TestActionAuditRefusesChange(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustCreate(t, db, sampleAction(), "")
	mustUpdate(t, db, 1, "U2", fixedNow, edit("action.done", "", func(a *handlers.Action) { a.Status = handlers.ActionDone }))
	before, err := db.ActionHistory(ctx, 1)
	if err != nil || len(before) != 2 {
		t.Fatalf("ActionHistory = %v, %v", before, err)
	}
	raw := rawOpen(t, db.Path(), "_foreign_keys=off")
	tests := []struct{ name, sql, want string }{
		{"rewrite the after", `UPDATE audit SET "after" = '{}' WHERE subject = '#1'`, "audit is append-only"},
		{"change the actor", `UPDATE audit SET actor = 'mallory' WHERE kind = 'action.done'`, "audit is append-only"},
		{"delete the history", `DELETE FROM audit WHERE subject = '#1'`, "audit is append-only"},
		{"delete the action", `DELETE FROM actions WHERE id = 1`, "actions are never deleted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := raw.ExecContext(ctx, tt.sql); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s = %v; want %q", tt.sql, err, tt.want)
			}
		})
	}
	if after, err := db.ActionHistory(ctx, 1); err != nil || !reflect.DeepEqual(after, before) {
		t.Errorf("history changed: %+v, %v", after, err)
	}
	if a := mustGet(t, db, 1); a.Status != handlers.ActionDone {
		t.Errorf("action #1 is %s", a.Status)
	}
}

// listFixture creates eight actions (see the comments) and returns them by id.
func listFixture(t *testing.T, db *DB) map[int64]handlers.Action {
	t.Helper()
	type spec struct {
		owner, due, status string
		closedAfter        time.Duration
		tags               []handlers.Tag
	}
	agency := func(id string) handlers.Tag { return handlers.Tag{Kind: handlers.TagAgency, ID: id} }
	specs := []spec{
		{"U1", "2026-04-10", handlers.ActionOpen, 0, []handlers.Tag{agency("dwp")}},                                  // 1
		{"U2", "", handlers.ActionOpen, 0, []handlers.Tag{agency("icb-a"), agency("dwp")}},                           // 2
		{"U1", "2026-03-01", handlers.ActionOpen, 0, []handlers.Tag{{Kind: handlers.TagCohort, ID: "care-leavers"}}}, // 3: overdue
		{"U1", "2026-03-15", handlers.ActionDone, time.Hour, []handlers.Tag{agency("dwp")}},                          // 4
		{"U2", "2026-03-02", handlers.ActionDeleted, 0, []handlers.Tag{agency("dwp")}},                               // 5
		{"U2", "2026-04-10", handlers.ActionOpen, 0, []handlers.Tag{{Kind: handlers.TagProgramme, ID: "restart"}}},   // 6: same day as 1
		{"U3", "", handlers.ActionOpen, 0, nil},                                                                      // 7
		{"U2", "", handlers.ActionDone, 3 * time.Hour, nil},                                                          // 8
	}
	out := make(map[int64]handlers.Action)
	for i, s := range specs {
		a := handlers.Action{Text: fmt.Sprintf("action %d", i+1), OwnerID: s.owner, CreatorID: "U1", Tags: s.tags}
		if s.due != "" {
			a.Due = date(s.due)
		}
		a = mustCreate(t, db, a, "")
		if s.status != handlers.ActionOpen {
			a = mustUpdate(t, db, a.ID, "U1", fixedNow.Add(s.closedAfter), edit("action."+s.status, "", func(a *handlers.Action) { a.Status = s.status }))
		}
		out[a.ID] = a
	}
	return out
}

func TestListActions(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	byID := listFixture(t, db)
	all := []string{handlers.ActionOpen, handlers.ActionDone, handlers.ActionDeleted}
	tests := []struct {
		name  string
		f     handlers.ActionFilter
		want  []int64
		total int
	}{
		{"open by due date, none last, then number", handlers.ActionFilter{}, []int64{3, 1, 6, 2, 7}, 5},
		{"done", handlers.ActionFilter{Statuses: []string{handlers.ActionDone}}, []int64{4, 8}, 2},
		{"deleted", handlers.ActionFilter{Statuses: []string{handlers.ActionDeleted}}, []int64{5}, 1},
		{"open and done", handlers.ActionFilter{Statuses: []string{handlers.ActionOpen, handlers.ActionDone}}, []int64{3, 4, 1, 6, 2, 7, 8}, 7},
		{"every status", handlers.ActionFilter{Statuses: all}, []int64{3, 5, 4, 1, 6, 2, 7, 8}, 8},
		{"mine", handlers.ActionFilter{OwnerID: "U1"}, []int64{3, 1}, 2},
		{"someone else's", handlers.ActionFilter{OwnerID: "U2"}, []int64{6, 2}, 2},
		{"nobody's", handlers.ActionFilter{OwnerID: "U404"}, nil, 0},
		{"an owner's, every status", handlers.ActionFilter{OwnerID: "U2", Statuses: all}, []int64{5, 6, 2, 8}, 4},
		{"an agency", handlers.ActionFilter{TagKind: handlers.TagAgency, TagIDs: []string{"dwp"}}, []int64{1, 2}, 2},
		{"an agency, every status", handlers.ActionFilter{TagKind: handlers.TagAgency, TagIDs: []string{"dwp"}, Statuses: all}, []int64{5, 4, 1, 2}, 4},
		{"the other agency", handlers.ActionFilter{TagKind: handlers.TagAgency, TagIDs: []string{"icb-a"}}, []int64{2}, 1},
		{"any of two agencies, each action once", handlers.ActionFilter{TagKind: handlers.TagAgency, TagIDs: []string{"icb-a", "dwp"}}, []int64{1, 2}, 2},
		{"a programme", handlers.ActionFilter{TagKind: handlers.TagProgramme, TagIDs: []string{"restart"}}, []int64{6}, 1},
		{"the kind must match", handlers.ActionFilter{TagKind: handlers.TagAgency, TagIDs: []string{"restart"}}, nil, 0},
		{"a cohort", handlers.ActionFilter{TagKind: handlers.TagCohort, TagIDs: []string{"care-leavers"}}, []int64{3}, 1},
		{"an agency and an owner", handlers.ActionFilter{TagKind: handlers.TagAgency, TagIDs: []string{"dwp"}, OwnerID: "U2"}, []int64{2}, 1},
		{"overdue", handlers.ActionFilter{DueBefore: date("2026-03-31")}, []int64{3}, 1},
		{"due before is strict", handlers.ActionFilter{DueBefore: date("2026-04-10")}, []int64{3}, 1},
		{"due on or before", handlers.ActionFilter{DueOnOrBefore: date("2026-04-10")}, []int64{3, 1, 6}, 3},
		{"due on or before, the day before", handlers.ActionFilter{DueOnOrBefore: date("2026-04-09")}, []int64{3}, 1},
		{"closed since, inclusive", handlers.ActionFilter{Statuses: []string{handlers.ActionDone}, ClosedSince: fixedNow.Add(time.Hour)}, []int64{4, 8}, 2},
		{"closed since, later", handlers.ActionFilter{Statuses: []string{handlers.ActionDone}, ClosedSince: fixedNow.Add(time.Hour + time.Millisecond)}, []int64{8}, 1},
		{"limit counts them all", handlers.ActionFilter{Limit: 2}, []int64{3, 1}, 5},
		{"limit of exactly all", handlers.ActionFilter{Limit: 5}, []int64{3, 1, 6, 2, 7}, 5},
		{"limit above all", handlers.ActionFilter{Limit: 10}, []int64{3, 1, 6, 2, 7}, 5},
		{"limit with a filter", handlers.ActionFilter{OwnerID: "U1", Limit: 1}, []int64{3}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := db.ListActions(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, a := range got {
				ids = append(ids, a.ID)
				if !reflect.DeepEqual(a, byID[a.ID]) {
					t.Errorf("#%d listed as\n%+v\nwant\n%+v", a.ID, a, byID[a.ID])
				}
			}
			if !slices.Equal(ids, tt.want) || total != tt.total {
				t.Errorf("ListActions = %v, total %d; want %v, total %d", ids, total, tt.want, tt.total)
			}
		})
	}
}

func TestAllActions(t *testing.T) {
	db := mustOpen(t)
	byID := listFixture(t, db)
	got, err := db.AllActions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(byID) {
		t.Fatalf("AllActions returned %d; want %d", len(got), len(byID))
	}
	for i, a := range got {
		if want := byID[int64(i+1)]; !reflect.DeepEqual(a, want) {
			t.Errorf("AllActions[%d] =\n%+v\nwant\n%+v", i, a, want)
		}
	}
}

// Tags keep their order; changing them replaces them; they survive the
// register entry they name.
func TestActionTags(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	d := &handlers.RegisterDiff{Kinds: []string{handlers.KindAgencies}}
	d.Agencies.Added = []handlers.Agency{{ID: "solo", Name: "Solo agency", Kind: "other"}}
	if err := db.ApplyImport(ctx, d, "sam", AnyVersion); err != nil {
		t.Fatal(err)
	}
	tags := []handlers.Tag{
		{Kind: handlers.TagProgramme, ID: "z"},
		{Kind: handlers.TagAgency, ID: "solo"},
		{Kind: handlers.TagAgency, ID: "a"},
	}
	a := mustCreate(t, db, handlers.Action{Text: "x", OwnerID: "U1", CreatorID: "U1", Tags: tags}, "")
	if !reflect.DeepEqual(a.Tags, tags) || !reflect.DeepEqual(mustGet(t, db, a.ID).Tags, tags) {
		t.Errorf("tags = %v; want %v in that order", mustGet(t, db, a.ID).Tags, tags)
	}

	retag := []handlers.Tag{{Kind: handlers.TagAgency, ID: "a"}, {Kind: handlers.TagCohort, ID: "c"}, {Kind: handlers.TagAgency, ID: "a"}}
	got := mustUpdate(t, db, a.ID, "U1", fixedNow, edit("action.edit", "", func(a *handlers.Action) { a.Tags = retag }))
	want := retag[:2]
	if !reflect.DeepEqual(got.Tags, want) || !reflect.DeepEqual(mustGet(t, db, a.ID).Tags, want) {
		t.Errorf("retagged = %v; want %v", mustGet(t, db, a.ID).Tags, want)
	}
	if n := count(t, db, "action_tags"); n != 2 {
		t.Errorf("%d tag rows; want 2", n)
	}
	got = mustUpdate(t, db, a.ID, "U1", fixedNow, edit("action.edit", "", func(a *handlers.Action) { a.Tags = nil }))
	if got.Tags != nil || mustGet(t, db, a.ID).Tags != nil {
		t.Errorf("untagged action has tags %v", mustGet(t, db, a.ID).Tags)
	}

	// An import may delete an agency an action is tagged with.
	b := mustCreate(t, db, handlers.Action{Text: "y", OwnerID: "U1", CreatorID: "U1", Tags: tags[1:2]}, "")
	del := &handlers.RegisterDiff{Kinds: []string{handlers.KindAgencies}, Replace: true}
	del.Agencies.Deleted = []string{"solo"}
	if err := db.ApplyImport(ctx, del, "sam", AnyVersion); err != nil {
		t.Fatalf("import deleting a tagged agency: %v", err)
	}
	if got := mustGet(t, db, b.ID).Tags; !reflect.DeepEqual(got, tags[1:2]) {
		t.Errorf("tags after the import = %v", got)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) != 0 {
		t.Errorf("Check = %v, %v", problems, err)
	}
}

// A write that cannot get the lock fails as busy and leaves nothing behind.
func TestCreateActionBusy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "frontdoor.db")
	db := mustOpenAt(t, path, Options{BusyTimeout: 50 * time.Millisecond})
	other, err := rawOpen(t, path, "_busy_timeout=1").Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}

	_, _, err = db.CreateAction(ctx, sampleAction(), "sig-1")
	if !errors.Is(err, handlers.ErrBusy) || !strings.HasPrefix(err.Error(), "store: create action: ") {
		t.Fatalf("CreateAction while locked = %v; want store: create action: ... handlers.ErrBusy", err)
	}
	_, _, err = db.UpdateAction(ctx, 1, "", "U1", fixedNow, edit("action.note", "n", nil))
	if !errors.Is(err, handlers.ErrBusy) {
		t.Errorf("UpdateAction while locked = %v; want handlers.ErrBusy", err)
	}
	// WAL: readers carry on, and see nothing written.
	for _, table := range []string{"actions", "action_tags", "audit", "idempotency"} {
		if n := count(t, db, table); n != 0 {
			t.Errorf("%d rows in %s after a busy write", n, table)
		}
	}
	if _, err := other.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	// The retry is a new request: the failed one recorded no key.
	if _, replayed, err := db.CreateAction(ctx, sampleAction(), "sig-1"); err != nil || replayed {
		t.Errorf("CreateAction after the lock was released = replayed %v, %v", replayed, err)
	}
}

// An import planned against one version of the register is refused if
// another import lands first.
func TestImportRace(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	if err := db.ApplyImport(ctx, allAdded(sampleRegister()), "sam", AnyVersion); err != nil {
		t.Fatal(err)
	}
	reg, version, err := db.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if version != 1 || !reflect.DeepEqual(reg, sampleRegister()) {
		t.Fatalf("Snapshot = version %d,\n%s\nwant version 1,\n%s", version, dump(reg), dump(sampleRegister()))
	}

	mine := &handlers.RegisterDiff{Kinds: []string{handlers.KindAreas}}
	mine.Areas.Added = []handlers.Area{{ID: "E06000001", Name: "Hartlepool", Kind: handlers.AreaLocalAuthority}}
	theirs := &handlers.RegisterDiff{Kinds: []string{handlers.KindAreas}}
	theirs.Areas.Added = []handlers.Area{{ID: "E06000002", Name: "Middlesbrough", Kind: handlers.AreaLocalAuthority}}
	if err := db.ApplyImport(ctx, theirs, "alex", version); err != nil {
		t.Fatalf("the first import against version %d: %v", version, err)
	}
	regAfter := mustLoad(t, db)
	auditAfter, err := db.Audit(ctx, AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}

	err = db.ApplyImport(ctx, mine, "sam", version)
	if !errors.Is(err, handlers.ErrConflict) || !strings.HasPrefix(err.Error(),
		"store: import: the register changed while this import was being checked; run the import again") {
		t.Fatalf("stale import = %v; want store: import: the register changed... (ErrConflict)", err)
	}
	if got := mustLoad(t, db); !reflect.DeepEqual(got, regAfter) {
		t.Errorf("a stale import changed the register")
	}
	if v, err := db.RegisterVersion(ctx); err != nil || v != 2 {
		t.Errorf("RegisterVersion = %d, %v; want 2", v, err)
	}
	if got, err := db.Audit(ctx, AuditFilter{}); err != nil || !reflect.DeepEqual(got, auditAfter) {
		t.Errorf("a stale import was audited: %d rows, %v", len(got), err)
	}

	// Planned again against the new version, it goes in.
	if _, v, err := db.Snapshot(ctx); err != nil || v != 2 {
		t.Fatalf("Snapshot = version %d, %v", v, err)
	}
	if err := db.ApplyImport(ctx, mine, "sam", 2); err != nil {
		t.Errorf("import against the current version: %v", err)
	}
}

// A new database has an empty register at version 0.
func TestSnapshotOnEmptyDatabase(t *testing.T) {
	reg, v, err := mustOpen(t).Snapshot(context.Background())
	if err != nil || v != 0 || !reflect.DeepEqual(reg, &handlers.Register{}) {
		t.Errorf("Snapshot = %+v, %d, %v; want an empty register at version 0", reg, v, err)
	}
}
