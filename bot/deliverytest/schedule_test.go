package deliverytest

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"frontdoor/bot"
	"frontdoor/handlers"
	"frontdoor/handlers/digest"
)

// digestParts is the number of messages of the demo register's digest.
const digestParts = 5

func counterValue(c prometheus.Counter) float64 {
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		return -1
	}
	return m.GetCounter().GetValue()
}

// The digest fires at 09:00 London time whether London is on GMT or BST:
// the instants in UTC move by an hour across the last Sunday of March and
// of October 2026. A week whose slot passed before the scheduler started
// (on another day) is recorded as skipped, and nothing is posted for it.
func TestScheduleAcrossClockChanges(t *testing.T) {
	tests := []struct {
		name    string
		start   time.Time
		skipped handlers.Date // the week whose slot was missed before the start
		fires   []time.Time   // in UTC
	}{
		{"March: GMT, then BST from Sunday 29th", utc(2026, 3, 22, 12, 0), handlers.DateOf(2026, 3, 16),
			[]time.Time{utc(2026, 3, 23, 9, 0), utc(2026, 3, 30, 8, 0), utc(2026, 4, 6, 8, 0)}},
		{"October: BST, then GMT from Sunday 25th", utc(2026, 10, 17, 12, 0), handlers.DateOf(2026, 10, 12),
			[]time.Time{utc(2026, 10, 19, 8, 0), utc(2026, 10, 26, 9, 0), utc(2026, 11, 2, 9, 0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.start)
			p := f.start()
			if r := p.waitRun(t, bot.JobCatchUp); r.Err != nil {
				t.Fatalf("catch-up: %v", r.Err)
			}
			if skip := mustDigest(t, p.db, tt.skipped); skip.State != handlers.DigestSkipped {
				t.Errorf("the week of %s missed before the start: %s, want skipped", tt.skipped, skip.State)
			}
			for i, at := range tt.fires {
				p.awaitNext(t, bot.JobDigest, at)
				f.advanceTo(at)
				r := p.waitRun(t, bot.JobDigest)
				if r.Err != nil || !r.At.Equal(at) {
					t.Fatalf("run %d at %s (%v), want %s", i+1, r.At.UTC().Format(time.RFC3339), r.Err, at.Format(time.RFC3339))
				}
				if local := r.At.In(london); local.Hour() != 9 || local.Minute() != 0 || local.Weekday() != time.Monday {
					t.Errorf("run %d at %s London time, want Monday 09:00", i+1, local.Format("Mon 15:04 MST"))
				}
				week := handlers.DateIn(at, london)
				post := mustDigest(t, p.db, week)
				if post.State != handlers.DigestPosted || !post.ClaimedAt.Equal(at) || post.Parts != digestParts {
					t.Errorf("week of %s: %+v", week, post)
				}
			}
			sums := f.slack.summaries()
			if len(sums) != len(tt.fires) || len(f.slack.allPosts()) != len(tt.fires)*digestParts {
				t.Fatalf("%d digests in %d messages, want %d in %d", len(sums), len(f.slack.allPosts()), len(tt.fires), len(tt.fires)*digestParts)
			}
			// Each week after the first compares with the one before.
			if !strings.Contains(sums[1].Blocks, "What changed since the digest for the week of "+handlers.DateIn(tt.fires[0], london).UK()) {
				t.Errorf("the second digest does not compare with the first:\n%s", sums[1].Blocks)
			}
		})
	}
}

// A restart in the same week posts nothing more: the claim is in the database.
func TestAtMostOnceAcrossRestart(t *testing.T) {
	slot := utc(2026, 1, 12, 9, 0)
	f := newFixture(t, slot.Add(-time.Hour))
	first := f.start()
	first.waitRun(t, bot.JobCatchUp)
	first.awaitNext(t, bot.JobDigest, slot)
	f.advanceTo(slot)
	first.waitRun(t, bot.JobDigest)
	if n := len(f.slack.allPosts()); n != digestParts {
		t.Fatalf("%d messages posted at the slot, want %d", n, digestParts)
	}
	first.stop(t)
	first.db.Close()

	// The new process starts the same morning: its catch-up finds the claim.
	f.advanceTo(slot.Add(30 * time.Minute))
	second := f.start()
	if r := second.waitRun(t, bot.JobCatchUp); r.Err != nil {
		t.Fatal(r.Err)
	}
	if n := len(f.slack.allPosts()); n != digestParts {
		t.Fatalf("%d messages after the restart, want still %d", n, digestParts)
	}
	if got := counterValue(second.metrics.DigestPosts.WithLabelValues(string(bot.Confirmed))); got != 0 {
		t.Errorf("the restarted process posted %v digest messages", got)
	}
	// It runs the next week as usual.
	next := slot.AddDate(0, 0, 7)
	second.awaitNext(t, bot.JobDigest, next)
	f.advanceTo(next)
	second.waitRun(t, bot.JobDigest)
	if sums := f.slack.summaries(); len(sums) != 2 {
		t.Errorf("%d digests after the second week, want 2", len(sums))
	}
}

// Two processes on one database fire at the same slot: one digest.
func TestTwoSchedulersOneSlot(t *testing.T) {
	slot := utc(2026, 1, 12, 9, 0)
	f := newFixture(t, slot.Add(-time.Hour))
	a, b := f.start(), f.start()
	for _, p := range []*process{a, b} {
		p.waitRun(t, bot.JobCatchUp)
		p.awaitNext(t, bot.JobDigest, slot)
	}
	f.advanceTo(slot)
	for _, p := range []*process{a, b} {
		if r := p.waitRun(t, bot.JobDigest); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	if sums, all := f.slack.summaries(), f.slack.allPosts(); len(sums) != 1 || len(all) != digestParts {
		t.Fatalf("%d digests in %d messages, want 1 in %d", len(sums), len(all), digestParts)
	}
	posts, err := a.db.DigestPosts(context.Background(), unit, handlers.DateOf(2026, 1, 12))
	if err != nil || len(posts) != 1 || posts[0].Attempt != 1 || posts[0].State != handlers.DigestPosted {
		t.Errorf("the week's record: %+v, %v", posts, err)
	}
	sent := counterValue(a.metrics.DigestPosts.WithLabelValues(string(bot.Confirmed))) +
		counterValue(b.metrics.DigestPosts.WithLabelValues(string(bot.Confirmed)))
	if sent != digestParts {
		t.Errorf("the two processes confirmed %v messages between them, want %d", sent, digestParts)
	}
}

// gocron does not catch up a missed run: the scheduler does, on the day of
// the slot only.
func TestCatchUpAfterMissedSlot(t *testing.T) {
	week := handlers.DateOf(2026, 1, 12)
	tests := []struct {
		name      string
		start     time.Time
		wantState string // "" for no record
		wantPosts int
		detail    string
	}{
		{"started the same morning, after the slot: posts it", utc(2026, 1, 12, 11, 0), handlers.DigestPosted, digestParts, ""},
		{"started late that evening: still the same day", utc(2026, 1, 12, 23, 30), handlers.DigestPosted, digestParts, ""},
		{"started the next day: records the skip", utc(2026, 1, 13, 8, 0), handlers.DigestSkipped, 0,
			"not running at the slot (09:00 Mon 12 Jan 2026) and started at 08:00 Tue 13 Jan 2026"},
		{"started on the Sunday: records the skip", utc(2026, 1, 18, 12, 0), handlers.DigestSkipped, 0, "not running at the slot"},
		{"started before the slot: the job will post it", utc(2026, 1, 12, 8, 59), "", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.start)
			p := f.start()
			if r := p.waitRun(t, bot.JobCatchUp); r.Err != nil {
				t.Fatal(r.Err)
			}
			post, err := p.db.Digest(context.Background(), unit, week)
			switch {
			case tt.wantState == "" && !errors.Is(err, handlers.ErrNotFound):
				t.Errorf("the week has a record before its slot: %s %q, %v", post.State, post.Detail, err)
			case tt.wantState != "" && (err != nil || post.State != tt.wantState || !strings.Contains(post.Detail, tt.detail)):
				t.Errorf("the week's record: %s %q, %v; want %s with %q", post.State, post.Detail, err, tt.wantState, tt.detail)
			}
			if n := len(f.slack.allPosts()); n != tt.wantPosts {
				t.Errorf("%d messages posted, want %d", n, tt.wantPosts)
			}
			// The weekly job is scheduled as usual either way.
			want := utc(2026, 1, 19, 9, 0)
			if tt.start.Before(utc(2026, 1, 12, 9, 0)) {
				want = utc(2026, 1, 12, 9, 0)
			}
			p.awaitNext(t, bot.JobDigest, want)
		})
	}
}

// A panic in a run is recovered and logged; the scheduler runs the next one.
func TestPanicInJobIsRecovered(t *testing.T) {
	slot := utc(2026, 1, 12, 9, 0)
	f := newFixture(t, slot.Add(-time.Hour))
	var calls atomic.Int32
	var p *process
	p = f.start(withBuild(func(ctx context.Context, channel string, on handlers.Date) (*digest.Digest, digest.Snapshot, error) {
		if calls.Add(1) == 1 {
			panic("index exploded")
		}
		return f.service(p.db).WeeklyDigest(ctx, channel, on)
	}))
	p.waitRun(t, bot.JobCatchUp)
	p.awaitNext(t, bot.JobDigest, slot)
	f.advanceTo(slot)
	if r := p.waitRun(t, bot.JobDigest); !errors.Is(r.Err, gocron.ErrPanicRecovered) {
		t.Fatalf("first run: %v, want a recovered panic", r.Err)
	}
	if got := counterValue(p.metrics.Panics); got != 1 {
		t.Errorf("panics counted: %v, want 1", got)
	}
	if logs := f.logs.String(); !strings.Contains(logs, "panic recovered in a scheduled job") || !strings.Contains(logs, "index exploded") {
		t.Errorf("the panic was not logged:\n%s", logs)
	}
	if n := len(f.slack.allPosts()); n != 0 {
		t.Fatalf("%d messages posted by the run that panicked", n)
	}
	next := slot.AddDate(0, 0, 7)
	p.awaitNext(t, bot.JobDigest, next)
	f.advanceTo(next)
	if r := p.waitRun(t, bot.JobDigest); r.Err != nil {
		t.Fatalf("the run after the panic: %v", r.Err)
	}
	if sums := f.slack.summaries(); len(sums) != 1 {
		t.Errorf("%d digests after the panic, want 1", len(sums))
	}
}

// Slack fails part-way through the scheduled digest (a 500 for the second
// message in the thread): the post is unconfirmed, reported, and a restart
// does not post it again. A person continues it with --force (tested in
// cmd/frontdoor).
func TestScheduledDigestUnconfirmedIsNotReposted(t *testing.T) {
	slot := utc(2026, 1, 12, 9, 0)
	f := newFixture(t, slot.Add(-time.Hour))
	f.slack.reply = func(n int) (int, string) {
		if n == 3 {
			return http.StatusInternalServerError, ""
		}
		return 0, ""
	}
	p := f.start()
	p.waitRun(t, bot.JobCatchUp)
	p.awaitNext(t, bot.JobDigest, slot)
	f.advanceTo(slot)
	p.waitRun(t, bot.JobDigest)
	post := mustDigest(t, p.db, handlers.DateOf(2026, 1, 12))
	if post.State != handlers.DigestUnconfirmed || post.PartsPosted != 2 || !strings.Contains(post.Detail, "message 3 of 5") {
		t.Fatalf("after the 500: %+v", post)
	}
	if n := len(f.slack.allPosts()); n != 3 {
		t.Fatalf("%d messages sent, want 3 (it stops at the one with no answer)", n)
	}
	if !strings.Contains(f.logs.String(), "digest not confirmed") {
		t.Error("the unconfirmed digest was not logged")
	}
	p.stop(t)

	f.advanceTo(slot.Add(time.Hour))
	again := f.start()
	again.waitRun(t, bot.JobCatchUp)
	if n := len(f.slack.allPosts()); n != 3 {
		t.Errorf("%d messages after the restart, want still 3", n)
	}
	if !strings.Contains(f.logs.String(), "digest needs attention") {
		t.Error("the restart did not report the unconfirmed digest")
	}
	problems, err := again.db.DigestProblems(context.Background())
	if err != nil || len(problems) != 1 || problems[0].State != handlers.DigestUnconfirmed {
		t.Errorf("App Home problems: %+v, %v", problems, err)
	}
}

// Slack refuses the digest because the bot is not in the channel: the claim
// is failed (nothing is in the channel), and a restart the same day, after
// the bot is invited, posts it.
func TestDigestInChannelBotIsNotIn(t *testing.T) {
	slot := utc(2026, 1, 12, 9, 0)
	f := newFixture(t, slot.Add(-time.Hour))
	var invited atomic.Bool
	f.slack.reply = func(int) (int, string) {
		if !invited.Load() {
			return 0, "not_in_channel"
		}
		return 0, ""
	}
	p := f.start()
	p.waitRun(t, bot.JobCatchUp)
	p.awaitNext(t, bot.JobDigest, slot)
	f.advanceTo(slot)
	if r := p.waitRun(t, bot.JobDigest); r.Err != nil {
		t.Fatalf("a refusal is an outcome, not a failure of the job: %v", r.Err)
	}
	post := mustDigest(t, p.db, handlers.DateOf(2026, 1, 12))
	if post.State != handlers.DigestFailed || !strings.Contains(post.Detail, "the bot is not in that channel") {
		t.Fatalf("after not_in_channel: %+v", post)
	}
	p.stop(t)

	invited.Store(true)
	f.advanceTo(slot.Add(2 * time.Hour))
	again := f.start()
	again.waitRun(t, bot.JobCatchUp)
	if post := mustDigest(t, again.db, handlers.DateOf(2026, 1, 12)); post.State != handlers.DigestPosted || post.Attempt != 2 {
		t.Errorf("after the invitation: %+v", post)
	}
	if sums := f.slack.summaries(); len(sums) != 2 || sums[0].OK || !sums[1].OK {
		t.Errorf("summaries: %+v, want one refused then one posted", sums)
	}
}

// Stopping the scheduler (SIGTERM in serve) returns promptly and leaves no
// timer behind, so no run starts after it.
func TestStopEndsTheSchedule(t *testing.T) {
	slot := utc(2026, 1, 12, 9, 0)
	f := newFixture(t, slot.Add(-time.Hour))
	p := f.start()
	p.waitRun(t, bot.JobCatchUp)
	p.awaitNext(t, bot.JobDigest, slot)
	if !hasTimer(f) {
		t.Fatal("no timer for the digest before stop")
	}
	p.stop(t)
	if hasTimer(f) {
		t.Error("a timer is left after stop")
	}
	f.advanceTo(slot.Add(time.Minute))
	if n := len(f.slack.allPosts()); n != 0 {
		t.Errorf("%d messages posted after stop", n)
	}
}

// hasTimer reports whether anything waits on the fake clock, without waiting:
// BlockUntilContext returns at once when there is, and with the (already
// ended) context's error when there is not.
func hasTimer(f *fixture) bool {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return f.clock.BlockUntilContext(ctx, 1) == nil
}

// A shutdown (SIGTERM) while the digest is being posted: the message in
// flight finishes and is recorded, the rest is not sent, and a restart the
// same day continues the thread from the next message, posting nothing twice.
func TestShutdownMidDigestContinuesAfterRestart(t *testing.T) {
	slot := utc(2026, 1, 12, 9, 0)
	f := newFixture(t, slot.Add(-time.Hour))
	inFlight, release := make(chan struct{}), make(chan struct{})
	var once atomic.Bool
	f.slack.reply = func(n int) (int, string) {
		if n == 2 && once.CompareAndSwap(false, true) {
			close(inFlight)
			<-release
		}
		return 0, ""
	}
	p := f.start()
	p.waitRun(t, bot.JobCatchUp)
	p.awaitNext(t, bot.JobDigest, slot)
	f.advanceTo(slot)
	select {
	case <-inFlight:
	case <-time.After(10 * time.Second): // a guard against a hang
		t.Fatal("the second message was never sent")
	}
	p.cancel() // serve's context ends: SIGTERM
	close(release)
	if r := p.waitRun(t, bot.JobDigest); r.Err != nil {
		t.Fatalf("the interrupted run: %v", r.Err)
	}
	p.stop(t)
	post := mustDigest(t, p.db, handlers.DateOf(2026, 1, 12))
	if post.State != handlers.DigestFailed || post.PartsPosted != 2 || !strings.Contains(post.Detail, "message 3 of 5 was not sent: Frontdoor was stopping") {
		t.Fatalf("after the shutdown: %v", post)
	}
	if n := len(f.slack.allPosts()); n != 2 {
		t.Fatalf("%d messages sent, want 2 (the one in flight finished, no more)", n)
	}

	f.advanceTo(slot.Add(10 * time.Minute))
	again := f.start()
	again.waitRun(t, bot.JobCatchUp)
	post = mustDigest(t, again.db, handlers.DateOf(2026, 1, 12))
	if post.State != handlers.DigestPosted || post.Attempt != 2 || post.TS != "1700000000.000001" {
		t.Fatalf("after the restart: %v", post)
	}
	all := f.slack.allPosts()
	if len(all) != digestParts {
		t.Fatalf("%d messages in all, want %d: nothing sent twice", len(all), digestParts)
	}
	for _, m := range all[1:] {
		if m.ThreadTS != "1700000000.000001" {
			t.Errorf("message %d is not in the first message's thread", m.N)
		}
	}
}
