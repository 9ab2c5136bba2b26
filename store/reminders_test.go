package store

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"frontdoor/handlers"
)

func TestReminderClaims(t *testing.T) {
	ctx := context.Background()
	clock := &testClock{now: time.Date(2026, 1, 14, 9, 0, 0, 0, time.UTC)}
	path := filepath.Join(t.TempDir(), "f.db")
	db := openDigestDB(t, path, clock)
	day := handlers.DateOf(2026, 1, 14)

	p, taken, err := db.ClaimReminder(ctx, "U0SAM", day, []int64{3, 7})
	if err != nil || !taken || p.State != handlers.ReminderClaimed || p.Attempt != 1 || !slices.Equal(p.Actions, []int64{3, 7}) {
		t.Fatalf("first claim: %+v, %v, %v", p, taken, err)
	}
	if _, taken, _ := db.ClaimReminder(ctx, "U0SAM", day, []int64{3}); taken {
		t.Error("a reminder being sent was claimed again")
	}
	clock.Advance(time.Second)
	p, err = db.FinishReminder(ctx, "U0SAM", day, 1, handlers.ReminderSent, "D0SAM", "1.1", "")
	if err != nil || p.State != handlers.ReminderSent || p.SentAt != clock.Now() || p.Channel != "D0SAM" || p.TS != "1.1" {
		t.Fatalf("sent: %+v, %v", p, err)
	}
	// A restart (a new handle on the file) the same day sends nothing again.
	again := openDigestDB(t, path, clock)
	if _, taken, _ := again.ClaimReminder(ctx, "U0SAM", day, []int64{3, 7}); taken {
		t.Error("a sent reminder was claimed again after a restart")
	}
	if _, taken, _ := again.ClaimReminder(ctx, "U0SAM", day.AddDays(1), nil); !taken {
		t.Error("the next day's reminder could not be claimed")
	}

	// Refused: may be tried again, as a new attempt; the old attempt cannot finish it.
	if _, taken, _ := db.ClaimReminder(ctx, "U0ALEX", day, []int64{9}); !taken {
		t.Fatal("claim")
	}
	if _, err := db.FinishReminder(ctx, "U0ALEX", day, 1, handlers.ReminderFailed, "", "", "cannot_dm_bot"); err != nil {
		t.Fatal(err)
	}
	p, taken, err = db.ClaimReminder(ctx, "U0ALEX", day, []int64{9, 10})
	if err != nil || !taken || p.Attempt != 2 || p.Detail != "" || !slices.Equal(p.Actions, []int64{9, 10}) {
		t.Fatalf("retry after a refusal: %+v, %v, %v", p, taken, err)
	}
	if _, err := db.FinishReminder(ctx, "U0ALEX", day, 1, handlers.ReminderSent, "D0", "1.2", ""); !errors.Is(err, handlers.ErrConflict) {
		t.Errorf("the old attempt finishing: %v, want ErrConflict", err)
	}

	// Unknown outcome: never sent again automatically.
	if _, err := db.FinishReminder(ctx, "U0ALEX", day, 2, handlers.ReminderUnconfirmed, "D0ALEX", "", "timeout"); err != nil {
		t.Fatal(err)
	}
	if _, taken, _ := db.ClaimReminder(ctx, "U0ALEX", day, []int64{9}); taken {
		t.Error("an unconfirmed reminder was claimed again")
	}
	if _, err := db.FinishReminder(ctx, "U0ALEX", day, 2, "claimed", "", "", ""); err == nil {
		t.Error("FinishReminder accepted a state that is not an outcome")
	}

	list, err := db.Reminders(ctx, day)
	if err != nil || len(list) != 2 || list[0].Person != "U0ALEX" || list[1].Person != "U0SAM" {
		t.Errorf("Reminders: %+v, %v", list, err)
	}
	if _, err := db.Reminder(ctx, "U0NOBODY", day); !errors.Is(err, handlers.ErrNotFound) {
		t.Errorf("Reminder of nobody: %v, want ErrNotFound", err)
	}
	if r, err := again.Reminder(ctx, "U0SAM", day.AddDays(1)); err != nil || r.Actions == nil || len(r.Actions) != 0 {
		t.Errorf("no actions are stored as an empty list: %+v, %v", r, err)
	}
}
