package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"frontdoor/handlers"
)

// benchActions is the size of the action log the benchmarks run against.
const benchActions = 100_000

// The seeded database is built once per test binary and copied for each
// benchmark, so every benchmark starts from the same file.
var (
	seedOnce sync.Once
	seedPath string
	seedErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if seedPath != "" {
		os.RemoveAll(filepath.Dir(seedPath))
	}
	os.Exit(code)
}

// seededCopy returns a private copy of a database holding benchActions actions:
// at random with a fixed seed, 200 owners; 80% done, 5% deleted, 15% (about
// 15,000) open, about 75 per owner; four in five with a due date over two and
// a half years; one or two agency tags each (of 50) and a programme tag on
// one in seven; a create audit row each.
func seededCopy(b *testing.B) *DB {
	b.Helper()
	seedOnce.Do(func() {
		dir, err := os.MkdirTemp("", "frontdoor-bench-")
		if err != nil {
			seedErr = err
			return
		}
		seedPath = filepath.Join(dir, "actions.db")
		seedErr = seed(context.Background(), seedPath)
	})
	if seedErr != nil {
		b.Fatal(seedErr)
	}
	path := filepath.Join(b.TempDir(), "frontdoor.db")
	if err := copyFile(seedPath, path); err != nil {
		b.Fatal(err)
	}
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// seed writes the actions in one transaction with prepared statements.
func seed(ctx context.Context, path string) error {
	db, err := Open(ctx, path, Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	firstDue := handlers.DateOf(2024, 1, 1)
	return db.write(ctx, "seed", func(tx *sql.Tx) error {
		insAction, err := tx.PrepareContext(ctx, `INSERT INTO actions
			(id, text, owner_id, owner_name, creator_id, due, status, channel_id, link, created_at, updated_at, closed_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`)
		if err != nil {
			return err
		}
		insTag, err := tx.PrepareContext(ctx, `INSERT INTO action_tags (action_id, kind, ref_id, ordinal) VALUES (?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		insAudit, err := tx.PrepareContext(ctx, `INSERT INTO audit (at, actor, kind, subject, outcome, "after") VALUES (?, ?, ?, ?, 'ok', ?)`)
		if err != nil {
			return err
		}
		rng := rand.New(rand.NewPCG(1, 2)) // the same file every time
		for i := range benchActions {
			id := int64(i + 1)
			created := start.Add(time.Duration(i) * 10 * time.Minute)
			status, closed := handlers.ActionDone, any(stamp(created.Add(72*time.Hour)))
			switch r := rng.IntN(20); {
			case r == 16:
				status, closed = handlers.ActionDeleted, nil
			case r > 16:
				status, closed = handlers.ActionOpen, nil
			}
			var due any
			if rng.IntN(5) != 0 {
				due = firstDue.AddDays(rng.IntN(900)).String()
			}
			owner := fmt.Sprintf("U%03d", rng.IntN(200))
			text := fmt.Sprintf("Agency %d to share the leaver data for programme %d with the ICB (action %d)", i%50, i%300, id)
			if _, err := insAction.ExecContext(ctx, id, text, owner, "Person "+owner, fmt.Sprintf("U%03d", rng.IntN(200)), due, status,
				"C0123", stamp(created), stamp(created), closed); err != nil {
				return err
			}
			first := rng.IntN(50)
			tags := []handlers.Tag{{Kind: handlers.TagAgency, ID: fmt.Sprintf("ag%d", first)}}
			if rng.IntN(3) == 0 {
				tags = append(tags, handlers.Tag{Kind: handlers.TagAgency, ID: fmt.Sprintf("ag%d", (first+1+rng.IntN(49))%50)})
			}
			if rng.IntN(7) == 0 {
				tags = append(tags, handlers.Tag{Kind: handlers.TagProgramme, ID: fmt.Sprintf("p%d", rng.IntN(300))})
			}
			for j, t := range tags {
				if _, err := insTag.ExecContext(ctx, id, t.Kind, t.ID, j+1); err != nil {
					return err
				}
			}
			if _, err := insAudit.ExecContext(ctx, stamp(created), owner, AuditActionCreate, actionSubject(id), `{"seeded":true}`); err != nil {
				return err
			}
		}
		return nil
	})
}

// BenchmarkCreateAction is `log`: one write transaction (key check, purge,
// action, tags, key, audit row) committed with synchronous=FULL.
func BenchmarkCreateAction(b *testing.B) {
	ctx := context.Background()
	db := seededCopy(b)
	a := handlers.Action{
		Text: "DWP to share Restart leaver data with the ICB", OwnerID: "U007", CreatorID: "U001", Due: handlers.DateOf(2026, 4, 3),
		Tags: []handlers.Tag{{Kind: handlers.TagAgency, ID: "ag1"}, {Kind: handlers.TagAgency, ID: "ag2"}}, ChannelID: "C0123",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, _, err := db.CreateAction(ctx, a, fmt.Sprintf("key-%d", i)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListActionsMine is `actions mine`: one owner's open actions (about 75).
func BenchmarkListActionsMine(b *testing.B) {
	benchList(b, handlers.ActionFilter{OwnerID: "U007"}, 40)
}

// BenchmarkListActionsOpen is `actions`: the open actions, a page as a reply
// shows them and all 15,000 of them.
func BenchmarkListActionsOpen(b *testing.B) {
	b.Run("limit=50", func(b *testing.B) { benchList(b, handlers.ActionFilter{Limit: 50}, 50) })
	b.Run("all", func(b *testing.B) { benchList(b, handlers.ActionFilter{}, 14_000) })
}

// BenchmarkListActionsFiltered covers the other filters of `actions`.
func BenchmarkListActionsFiltered(b *testing.B) {
	today := handlers.DateOf(2025, 6, 1)
	tests := []struct {
		name string
		f    handlers.ActionFilter
		min  int
	}{
		{"agency", handlers.ActionFilter{TagKind: handlers.TagAgency, TagIDs: []string{"ag7"}, Limit: 50}, 50},
		{"overdue", handlers.ActionFilter{DueBefore: today, Limit: 50}, 50},
		{"due this week", handlers.ActionFilter{DueOnOrBefore: today.AddDays(7), Limit: 50}, 50},
		{"done recently", handlers.ActionFilter{Statuses: []string{handlers.ActionDone},
			ClosedSince: time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC), Limit: 50}, 50},
		{"open and done", handlers.ActionFilter{Statuses: []string{handlers.ActionOpen, handlers.ActionDone}, Limit: 50}, 50},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) { benchList(b, tt.f, tt.min) })
	}
}

func benchList(b *testing.B, f handlers.ActionFilter, min int) {
	ctx := context.Background()
	db := seededCopy(b)
	b.ReportAllocs()
	for b.Loop() {
		got, total, err := db.ListActions(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		if len(got) < min || total < len(got) {
			b.Fatalf("listed %d of %d; want at least %d", len(got), total, min)
		}
	}
}
