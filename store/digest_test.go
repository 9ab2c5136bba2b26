package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"frontdoor/handlers"
	"frontdoor/handlers/digest"
)

// testClock is a store clock the test moves.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// openDigestDB opens a database at path whose clock the test moves.
func openDigestDB(t *testing.T, path string, clock *testClock) *DB {
	t.Helper()
	return mustOpenAt(t, path, Options{Clock: clock})
}

var (
	digestWeek = handlers.DateOf(2026, 1, 12)
	digestNow  = time.Date(2026, 1, 12, 9, 0, 0, 0, time.UTC)
)

// content is a digest of n messages whose text says which version it is.
func content(version string, n int) handlers.DigestContent {
	msgs := make([]map[string]string, n)
	for i := range msgs {
		msgs[i] = map[string]string{"text": fmt.Sprintf("%s part %d", version, i+1)}
	}
	js, _ := json.Marshal(msgs)
	snap, _ := json.Marshal(digest.Snapshot{Week: digestWeek, Overlaps: []string{version}})
	return handlers.DigestContent{Headline: version + " headline", Snapshot: snap, Messages: js, Parts: n}
}

func claim(t *testing.T, db *DB, channel string, week handlers.Date, mode handlers.DigestClaimMode, c handlers.DigestContent) (handlers.DigestPost, handlers.DigestClaimDecision) {
	t.Helper()
	p, d, err := db.ClaimDigest(context.Background(), handlers.DigestClaim{Channel: channel, Week: week, Mode: mode, Content: c})
	if err != nil {
		t.Fatalf("ClaimDigest %s %s: %v", channel, week, err)
	}
	return p, d
}

// postAll confirms every remaining part of p's attempt.
func postAll(t *testing.T, db *DB, p handlers.DigestPost) handlers.DigestPost {
	t.Helper()
	for part := p.PartsPosted; part < p.Parts; part++ {
		var err error
		if p, err = db.RecordDigestPart(context.Background(), p.ID, p.Attempt, part, fmt.Sprintf("1700000000.%06d", part+1)); err != nil {
			t.Fatalf("RecordDigestPart %d: %v", part, err)
		}
	}
	return p
}

func TestDigestClaimLifeCycle(t *testing.T) {
	ctx := context.Background()
	clock := &testClock{now: digestNow}
	db := openDigestDB(t, filepath.Join(t.TempDir(), "f.db"), clock)

	p, d := claim(t, db, "C0UNIT", digestWeek, handlers.ClaimScheduled, content("v1", 3))
	if !d.Take || !d.Fresh || p.State != handlers.DigestClaimed || p.Attempt != 1 || p.Parts != 3 || p.PartsPosted != 0 {
		t.Fatalf("first claim: %+v, %+v", d, p)
	}
	if p.ClaimedAt != digestNow || p.Headline != "v1 headline" {
		t.Errorf("claimed at %v with headline %q", p.ClaimedAt, p.Headline)
	}
	p, err := db.RecordDigestPart(ctx, p.ID, p.Attempt, 0, "1700000000.000001")
	if err != nil || p.TS != "1700000000.000001" || p.PartsPosted != 1 || p.State != handlers.DigestClaimed {
		t.Fatalf("after the first message: %+v, %v", p, err)
	}
	if _, err := db.RecordDigestPart(ctx, p.ID, p.Attempt, 0, "1700000000.000009"); !errors.Is(err, handlers.ErrConflict) {
		t.Errorf("recording the same part twice: %v, want ErrConflict", err)
	}
	clock.Advance(2 * time.Second)
	p = postAll(t, db, p)
	if p.State != handlers.DigestPosted || p.PostedAt != digestNow.Add(2*time.Second) || p.TS != "1700000000.000001" {
		t.Fatalf("after the last message: %+v", p)
	}

	for _, mode := range []handlers.DigestClaimMode{handlers.ClaimScheduled, handlers.ClaimManual} {
		again, d := claim(t, db, "C0UNIT", digestWeek, mode, content("v2", 2))
		if d.Take || d.Why != handlers.DigestPosted || again.ID != p.ID || again.Headline != "v1 headline" {
			t.Errorf("mode %d on a posted week: %+v, %+v", mode, d, again)
		}
	}
	other, d := claim(t, db, "C0OTHER", digestWeek, handlers.ClaimScheduled, content("other", 1))
	if !d.Take || other.ID == p.ID {
		t.Errorf("another channel's week is its own claim: %+v", d)
	}

	clock.Advance(time.Hour)
	forced, d := claim(t, db, "C0UNIT", digestWeek, handlers.ClaimForce, content("v2", 2))
	if !d.Take || !d.Fresh || !d.Supersede || forced.ID == p.ID || forced.Parts != 2 || forced.PartsPosted != 0 || forced.TS != "" {
		t.Fatalf("force on a posted week: %+v, %+v", d, forced)
	}
	history, err := db.DigestPosts(ctx, "C0UNIT", digestWeek)
	if err != nil || len(history) != 2 || !history[0].Superseded || history[0].State != handlers.DigestPosted || history[1].ID != forced.ID {
		t.Fatalf("history: %+v, %v", history, err)
	}
	if live, err := db.Digest(ctx, "C0UNIT", digestWeek); err != nil || live.ID != forced.ID {
		t.Errorf("live post: %+v, %v", live, err)
	}
	if _, err := db.RecordDigestPart(ctx, p.ID, p.Attempt, 2, "x"); !errors.Is(err, handlers.ErrConflict) {
		t.Errorf("writing to the superseded post: %v, want ErrConflict", err)
	}
	if _, err := db.Digest(ctx, "C0UNIT", digestWeek.AddDays(7)); !errors.Is(err, handlers.ErrNotFound) {
		t.Errorf("a week never claimed: %v, want ErrNotFound", err)
	}
}

// A message whose outcome is unknown leaves the post unconfirmed: nothing
// but force takes it again, and force continues from that message with the
// stored messages, keeping the thread.
func TestDigestUnconfirmedContinuesWithForce(t *testing.T) {
	ctx := context.Background()
	clock := &testClock{now: digestNow}
	db := openDigestDB(t, filepath.Join(t.TempDir(), "f.db"), clock)
	p, _ := claim(t, db, "C0UNIT", digestWeek, handlers.ClaimScheduled, content("v1", 4))
	for part := range 2 {
		var err error
		if p, err = db.RecordDigestPart(ctx, p.ID, p.Attempt, part, fmt.Sprintf("1.%d", part+1)); err != nil {
			t.Fatal(err)
		}
	}
	p, err := db.FinishDigest(ctx, p.ID, p.Attempt, handlers.DigestUnconfirmed, "message 3 of 4: server error")
	if err != nil || p.State != handlers.DigestUnconfirmed || p.PartsPosted != 2 || p.Detail != "message 3 of 4: server error" {
		t.Fatalf("unconfirmed: %+v, %v", p, err)
	}
	for _, mode := range []handlers.DigestClaimMode{handlers.ClaimScheduled, handlers.ClaimManual} {
		if _, d := claim(t, db, "C0UNIT", digestWeek, mode, content("v2", 5)); d.Take || d.Why != handlers.DigestUnconfirmed {
			t.Errorf("mode %d took an unconfirmed post: %+v", mode, d)
		}
	}
	if problems, err := db.DigestProblems(ctx); err != nil || len(problems) != 1 || problems[0].ID != p.ID {
		t.Errorf("problems: %+v, %v", problems, err)
	}
	c, d := claim(t, db, "C0UNIT", digestWeek, handlers.ClaimForce, content("v2", 5))
	if !d.Take || d.Fresh || c.ID != p.ID || c.Attempt != 2 || c.PartsPosted != 2 || c.TS != "1.1" || c.Parts != 4 ||
		string(c.Messages) != string(p.Messages) || c.Detail != "" {
		t.Fatalf("force continues the stored post: %+v, %+v", d, c)
	}
	if _, err := db.RecordDigestPart(ctx, c.ID, 1, 2, "1.3"); !errors.Is(err, handlers.ErrConflict) {
		t.Errorf("the first attempt writing after force: %v, want ErrConflict", err)
	}
	c = postAll(t, db, c)
	if c.State != handlers.DigestPosted || c.TS != "1.1" {
		t.Errorf("continued post: %+v", c)
	}
	if problems, err := db.DigestProblems(ctx); err != nil || len(problems) != 0 {
		t.Errorf("problems after the continuation: %+v, %v", problems, err)
	}
}

func TestDigestFailedIsTakenAgain(t *testing.T) {
	ctx := context.Background()
	clock := &testClock{now: digestNow}
	db := openDigestDB(t, filepath.Join(t.TempDir(), "f.db"), clock)
	p, _ := claim(t, db, "C0UNIT", digestWeek, handlers.ClaimScheduled, content("v1", 3))
	if _, err := db.FinishDigest(ctx, p.ID, p.Attempt, handlers.DigestFailed, "the bot is not in that channel"); err != nil {
		t.Fatal(err)
	}
	// Nothing reached the channel: a new try starts from the new content.
	p, d := claim(t, db, "C0UNIT", digestWeek, handlers.ClaimManual, content("v2", 2))
	if !d.Take || !d.Fresh || p.Attempt != 2 || p.Parts != 2 || p.Headline != "v2 headline" || p.Detail != "" {
		t.Fatalf("retry after a refusal: %+v, %+v", d, p)
	}
	if p, _ = db.RecordDigestPart(ctx, p.ID, p.Attempt, 0, "1.1"); p.PartsPosted != 1 {
		t.Fatal("first part not recorded")
	}
	if _, err := db.FinishDigest(ctx, p.ID, p.Attempt, handlers.DigestFailed, "rate limited"); err != nil {
		t.Fatal(err)
	}
	// The summary is in the channel: the scheduler continues its thread.
	p, d = claim(t, db, "C0UNIT", digestWeek, handlers.ClaimScheduled, content("v3", 4))
	if !d.Take || d.Fresh || p.Attempt != 3 || p.Parts != 2 || p.PartsPosted != 1 || p.Headline != "v2 headline" {
		t.Fatalf("continue after a refusal part-way: %+v, %+v", d, p)
	}
	if _, err := db.FinishDigest(ctx, p.ID, p.Attempt, handlers.DigestPosted, ""); err == nil {
		t.Error("FinishDigest accepted posted: only the last confirmed part makes a post posted")
	}
}

// A claim taken and never moved on is in progress for a while, then
// abandoned: only force takes it, and the abandoned attempt loses it.
func TestDigestStaleClaim(t *testing.T) {
	ctx := context.Background()
	clock := &testClock{now: digestNow}
	db := openDigestDB(t, filepath.Join(t.TempDir(), "f.db"), clock)
	p, _ := claim(t, db, "C0UNIT", digestWeek, handlers.ClaimScheduled, content("v1", 3))
	if _, d := claim(t, db, "C0UNIT", digestWeek, handlers.ClaimForce, content("v1", 3)); d.Take || d.Why != handlers.DigestClaimed {
		t.Errorf("force on a claim in progress: %+v", d)
	}
	if problems, _ := db.DigestProblems(ctx); len(problems) != 0 {
		t.Errorf("a claim in progress is not a problem yet: %+v", problems)
	}
	clock.Advance(handlers.DigestClaimStale)
	if problems, _ := db.DigestProblems(ctx); len(problems) != 1 {
		t.Errorf("an abandoned claim is a problem: %+v", problems)
	}
	if _, d := claim(t, db, "C0UNIT", digestWeek, handlers.ClaimManual, content("v1", 3)); d.Take || d.Why != "stale" {
		t.Errorf("manual on an abandoned claim: %+v", d)
	}
	c, d := claim(t, db, "C0UNIT", digestWeek, handlers.ClaimForce, content("v1", 3))
	if !d.Take || d.Fresh || c.Attempt != 2 {
		t.Fatalf("force on an abandoned claim: %+v, %+v", d, c)
	}
	if _, err := db.FinishDigest(ctx, p.ID, p.Attempt, handlers.DigestUnconfirmed, "late"); !errors.Is(err, handlers.ErrConflict) {
		t.Errorf("the abandoned attempt finishing: %v, want ErrConflict", err)
	}
}

func TestSkipDigest(t *testing.T) {
	ctx := context.Background()
	clock := &testClock{now: digestNow}
	db := openDigestDB(t, filepath.Join(t.TempDir(), "f.db"), clock)
	p, skipped, err := db.SkipDigest(ctx, "C0UNIT", digestWeek, "the bot was not running at the slot")
	if err != nil || !skipped || p.State != handlers.DigestSkipped || p.Attempt != 0 || p.Detail != "the bot was not running at the slot" {
		t.Fatalf("skip: %+v, %v, %v", p, skipped, err)
	}
	if _, skipped, _ := db.SkipDigest(ctx, "C0UNIT", digestWeek, "again"); skipped {
		t.Error("a week skipped twice")
	}
	if _, d := claim(t, db, "C0UNIT", digestWeek, handlers.ClaimScheduled, content("v1", 1)); d.Take {
		t.Error("the scheduler posted a skipped week")
	}
	c, d := claim(t, db, "C0UNIT", digestWeek, handlers.ClaimManual, content("v1", 1))
	if !d.Take || !d.Fresh || c.ID != p.ID || c.Attempt != 1 || c.State != handlers.DigestClaimed {
		t.Fatalf("a person posts a skipped week: %+v, %+v", d, c)
	}
	next := digestWeek.AddDays(7)
	claim(t, db, "C0UNIT", next, handlers.ClaimScheduled, content("v1", 1))
	if got, skipped, _ := db.SkipDigest(ctx, "C0UNIT", next, "missed"); skipped || got.State != handlers.DigestClaimed {
		t.Errorf("a claimed week recorded as skipped: %+v", got)
	}
	if _, _, err := db.SkipDigest(ctx, "C0UNIT", digestWeek.AddDays(1), "x"); err == nil {
		t.Error("a week that is not a Monday was accepted")
	}
}

func TestClaimDigestRefusesBadRequests(t *testing.T) {
	db := mustOpen(t)
	good := handlers.DigestClaim{Channel: "C0UNIT", Week: digestWeek, Mode: handlers.ClaimManual, Content: content("v1", 1)}
	tests := []struct {
		name   string
		change func(c *handlers.DigestClaim)
	}{
		{"no channel", func(c *handlers.DigestClaim) { c.Channel = "" }},
		{"a Tuesday", func(c *handlers.DigestClaim) { c.Week = c.Week.AddDays(1) }},
		{"no mode", func(c *handlers.DigestClaim) { c.Mode = 0 }},
		{"no messages", func(c *handlers.DigestClaim) { c.Content.Parts = 0 }},
		{"messages not JSON", func(c *handlers.DigestClaim) { c.Content.Messages = json.RawMessage("[") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good
			tt.change(&c)
			if _, _, err := db.ClaimDigest(context.Background(), c); err == nil {
				t.Fatal("accepted")
			}
		})
	}
	if n := count(t, db, "digest_posts"); n != 0 {
		t.Errorf("%d rows written by refused claims", n)
	}
}

// Two processes (two handles on one file) and many goroutines race for one
// week's claim: exactly one takes it. Closing and reopening the file (a
// restart) does not make the week claimable again.
func TestDigestClaimIsExclusiveAcrossProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.db")
	clock := &testClock{now: digestNow}
	dbs := []*DB{openDigestDB(t, path, clock), openDigestDB(t, path, clock)}
	var wg sync.WaitGroup
	var mu sync.Mutex
	taken := 0
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, d, err := dbs[i%2].ClaimDigest(context.Background(), handlers.DigestClaim{
				Channel: "C0UNIT", Week: digestWeek, Mode: handlers.ClaimScheduled, Content: content("v1", 2)})
			if err != nil {
				t.Error(err)
				return
			}
			if d.Take {
				mu.Lock()
				taken++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if taken != 1 {
		t.Fatalf("%d claims taken, want 1", taken)
	}
	if err := dbs[0].Close(); err != nil {
		t.Fatal(err)
	}
	again := openDigestDB(t, path, clock)
	if _, d := claim(t, again, "C0UNIT", digestWeek, handlers.ClaimScheduled, content("v1", 2)); d.Take {
		t.Error("the week was claimed again after a restart")
	}
}

func TestPreviousDigestAndLastHeadline(t *testing.T) {
	ctx := context.Background()
	clock := &testClock{now: digestNow}
	db := openDigestDB(t, filepath.Join(t.TempDir(), "f.db"), clock)
	if _, ok, err := db.LastHeadline(ctx); ok || err != nil {
		t.Fatalf("LastHeadline on a new database: %v, %v", ok, err)
	}
	if _, ok, err := db.PreviousDigest(ctx, "C0UNIT", digestWeek); ok || err != nil {
		t.Fatalf("PreviousDigest on a new database: %v, %v", ok, err)
	}
	w1, w2, w3 := digestWeek, digestWeek.AddDays(7), digestWeek.AddDays(14)
	post := func(channel string, week handlers.Date, version string) handlers.DigestPost {
		p, _ := claim(t, db, channel, week, handlers.ClaimForce, content(version, 1))
		clock.Advance(time.Minute)
		return postAll(t, db, p)
	}
	post("C0UNIT", w1, "unit w1")
	post("C0OTHER", w2, "other w2")
	forcedOld := post("C0UNIT", w2, "unit w2")
	forcedNew := post("C0UNIT", w2, "unit w2 again") // supersedes the first post of w2
	p3, _ := claim(t, db, "C0UNIT", w3, handlers.ClaimScheduled, content("unit w3", 2))
	if _, err := db.RecordDigestPart(ctx, p3.ID, p3.Attempt, 0, "3.1"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FinishDigest(ctx, p3.ID, p3.Attempt, handlers.DigestUnconfirmed, "timeout"); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		channel  string
		before   handlers.Date
		want     string // headline; "" for none
		wantWeek handlers.Date
	}{
		{"nothing before the first week", "C0UNIT", w1, "", 0},
		{"the week before, any day of the week asked", "C0UNIT", w2.AddDays(3), "unit w1 headline", w1},
		{"the last post of the latest week, not the superseded one", "C0UNIT", w3, "unit w2 again headline", w2},
		{"an unconfirmed week does not count", "C0UNIT", w3.AddDays(7), "unit w2 again headline", w2},
		{"another channel has its own history", "C0OTHER", w3, "other w2 headline", w2},
		{"any channel", "", w2, "unit w1 headline", w1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok, err := db.PreviousDigest(ctx, tt.channel, tt.before)
			if err != nil {
				t.Fatal(err)
			}
			if ok != (tt.want != "") || p.Headline != tt.want || p.Week != tt.wantWeek {
				t.Errorf("got %q of week %s (ok %v), want %q of %s", p.Headline, p.Week, ok, tt.want, tt.wantWeek)
			}
		})
	}
	if forcedNew.PostedAt.Before(forcedOld.PostedAt) {
		t.Fatal("clock did not move")
	}
	if h, ok, err := db.LastHeadline(ctx); err != nil || !ok || h != "unit w2 again headline" {
		t.Errorf("LastHeadline = %q, %v, %v", h, ok, err)
	}
	problems, err := db.DigestProblems(ctx)
	if err != nil || len(problems) != 1 || problems[0].Week != w3 || problems[0].Channel != "C0UNIT" {
		t.Errorf("problems: %+v, %v", problems, err)
	}
}

// A problem in an earlier week that a later post followed is no longer reported.
func TestDigestProblemsOnlyTheLatestWeek(t *testing.T) {
	ctx := context.Background()
	clock := &testClock{now: digestNow}
	db := openDigestDB(t, filepath.Join(t.TempDir(), "f.db"), clock)
	p, _ := claim(t, db, "C0UNIT", digestWeek, handlers.ClaimScheduled, content("v1", 1))
	if _, err := db.FinishDigest(ctx, p.ID, p.Attempt, handlers.DigestFailed, "not_in_channel"); err != nil {
		t.Fatal(err)
	}
	if problems, _ := db.DigestProblems(ctx); len(problems) != 1 || problems[0].State != handlers.DigestFailed {
		t.Fatalf("problems: %+v", problems)
	}
	next, _ := claim(t, db, "C0UNIT", digestWeek.AddDays(7), handlers.ClaimScheduled, content("v2", 1))
	postAll(t, db, next)
	if problems, _ := db.DigestProblems(ctx); len(problems) != 0 {
		t.Errorf("an old week's problem still reported: %+v", problems)
	}
}

// DigestInputFor on real actions: with no previous digest, the open ones;
// after one, also those closed since it was posted.
func TestDigestInputFromStore(t *testing.T) {
	ctx := context.Background()
	clock := &testClock{now: digestNow.Add(-72 * time.Hour)}
	db := openDigestDB(t, filepath.Join(t.TempDir(), "f.db"), clock)
	create := func(text string) handlers.Action {
		a, _, err := db.CreateAction(ctx, handlers.Action{Text: text, OwnerID: "U0SAM", CreatorID: "U0SAM"}, "")
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	done := func(a handlers.Action) {
		if _, _, err := db.UpdateAction(ctx, a.ID, "", "U0SAM", time.Time{}, func(a *handlers.Action) (handlers.ActionChange, error) {
			a.Status = handlers.ActionDone
			return handlers.ActionChange{Kind: "action.done"}, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	open := create("stays open")
	closedBefore := create("closed before the digest")
	closedAfter := create("closed after the digest")
	done(closedBefore)
	clock.Advance(time.Hour)
	prevWeek := digestWeek.AddDays(-7)
	p, _ := claim(t, db, "C0UNIT", prevWeek, handlers.ClaimScheduled, content("prev", 1))
	prev := postAll(t, db, p)
	clock.Advance(time.Hour)
	done(closedAfter)

	in, err := digest.InputFor(ctx, db, digestWeek, 30, nil)
	if err != nil || in.Previous != nil || len(in.Actions) != 1 || in.Actions[0].ID != open.ID || in.Week != digestWeek {
		t.Fatalf("first digest: %+v, %v", in, err)
	}
	in, err = digest.InputFor(ctx, db, digestWeek.AddDays(2), 30, &prev)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, a := range in.Actions {
		ids = append(ids, a.ID)
	}
	if len(ids) != 2 || ids[0] != open.ID || ids[1] != closedAfter.ID {
		t.Errorf("actions %v, want the open #%d and #%d closed since", ids, open.ID, closedAfter.ID)
	}
	if in.Previous == nil || in.Previous.Week != digestWeek || !in.PreviousAt.Equal(prev.PostedAt) || in.CliffDays != 30 {
		t.Errorf("previous: %+v at %v", in.Previous, in.PreviousAt)
	}
	bad := prev
	bad.Snapshot = json.RawMessage(`{"week": 7}`)
	if _, err := digest.InputFor(ctx, db, digestWeek, 30, &bad); err == nil {
		t.Error("a snapshot that does not decode was accepted")
	}
}
