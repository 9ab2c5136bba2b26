package deliverytest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"frontdoor/bot"
	"frontdoor/handlers"
)

// twoSlots is a digest schedule with two slots a week, Monday and Thursday
// at 09:00 (January: London is on GMT, so 09:00 UTC).
const twoSlots = "0 9 * * MON,THU"

// With several slots a week, a restart after a missed slot leaves the week
// to its next slot: the Thursday slot posts the week whose Monday slot was
// missed. Only when no slot of the week is left is it recorded as skipped.
// A week is still posted once, however many slots it has.
func TestMissedSlotLeavesTheWeekToItsNextSlot(t *testing.T) {
	week := handlers.DateOf(2026, 1, 12)
	thursday := utc(2026, 1, 15, 9, 0)
	tests := []struct {
		name       string
		start      time.Time
		wantState  string // the week's record after the catch-up; "" for none
		caughtUp   bool   // posted by the catch-up
		wantDetail string
		next       time.Time // the digest job's next run after the catch-up
	}{
		{"restart on Tuesday: Thursday's slot posts the week", utc(2026, 1, 13, 10, 0), "", false, "", thursday},
		{"restart on Thursday before its slot", utc(2026, 1, 15, 8, 0), "", false, "", thursday},
		{"restart on Thursday after its slot: caught up that day", utc(2026, 1, 15, 11, 0), handlers.DigestPosted, true, "", utc(2026, 1, 19, 9, 0)},
		{"restart on Friday: no slot left, the week is skipped", utc(2026, 1, 16, 10, 0), handlers.DigestSkipped, false,
			"not running at the slot (09:00 Thu 15 Jan 2026)", utc(2026, 1, 19, 9, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.start)
			p := f.start(withSchedule(twoSlots))
			if r := p.waitRun(t, bot.JobCatchUp); r.Err != nil {
				t.Fatalf("catch-up: %v", r.Err)
			}
			post, err := p.db.Digest(context.Background(), unit, week)
			switch {
			case tt.wantState == "" && !errors.Is(err, handlers.ErrNotFound):
				t.Fatalf("after the catch-up the week has a record: %s, %v; want none, so that its next slot posts it", post, err)
			case tt.wantState != "" && (err != nil || post.State != tt.wantState || !strings.Contains(post.Detail, tt.wantDetail)):
				t.Fatalf("after the catch-up: %s, %v; want %s with %q", post, err, tt.wantState, tt.wantDetail)
			}
			posted := 0
			if tt.caughtUp {
				posted = digestParts
			}
			if n := len(f.slack.allPosts()); n != posted {
				t.Fatalf("%d messages after the catch-up, want %d", n, posted)
			}
			p.awaitNext(t, bot.JobDigest, tt.next)
			if !tt.next.Equal(thursday) {
				return
			}
			// Thursday's slot posts the week.
			f.advanceTo(thursday)
			if r := p.waitRun(t, bot.JobDigest); r.Err != nil || !r.At.Equal(thursday) {
				t.Fatalf("Thursday's run at %s: %v", r.At.UTC().Format(time.RFC3339), r.Err)
			}
			post = mustDigest(t, p.db, week)
			if post.State != handlers.DigestPosted || !post.ClaimedAt.Equal(thursday) || len(f.slack.allPosts()) != digestParts {
				t.Fatalf("after Thursday's slot: %s, %d messages; want posted at the slot in %d", post, len(f.slack.allPosts()), digestParts)
			}
			// The next week: Monday posts it, Thursday finds it posted.
			next := utc(2026, 1, 19, 9, 0)
			p.awaitNext(t, bot.JobDigest, next)
			f.advanceTo(next)
			p.waitRun(t, bot.JobDigest)
			later := utc(2026, 1, 22, 9, 0)
			p.awaitNext(t, bot.JobDigest, later)
			f.advanceTo(later)
			p.waitRun(t, bot.JobDigest)
			if sums := f.slack.summaries(); len(sums) != 2 || len(f.slack.allPosts()) != 2*digestParts {
				t.Errorf("%d digests in %d messages over two weeks of two slots, want 2 in %d", len(sums), len(f.slack.allPosts()), 2*digestParts)
			}
		})
	}
}
