package handlers_test

import (
	"strings"
	"testing"
	"time"

	h "frontdoor/handlers"
	"frontdoor/handlers/holidays"

	"frontdoor/handlers/view"
)

func date(y int, m time.Month, d int) h.Date { return h.DateOf(y, m, d) }

func TestDecideDigestClaim(t *testing.T) {
	now := time.Date(2026, 1, 12, 9, 0, 0, 0, time.UTC)
	post := func(state string, parts int, age time.Duration) *h.DigestPost {
		return &h.DigestPost{State: state, Parts: 5, PartsPosted: parts, UpdatedAt: now.Add(-age)}
	}
	type want struct{ take, fresh, supersede bool }
	tests := []struct {
		name  string
		cur   *h.DigestPost
		modes [3]want // scheduled, manual, force
	}{
		{"no claim: everyone posts it", nil,
			[3]want{{true, true, false}, {true, true, false}, {true, true, false}}},
		{"skipped: only a person posts it", post(h.DigestSkipped, 0, time.Hour),
			[3]want{{}, {true, true, false}, {true, true, false}}},
		{"refused at the first message: start again with new content", post(h.DigestFailed, 0, time.Hour),
			[3]want{{true, true, false}, {true, true, false}, {true, true, false}}},
		{"refused part-way: continue the stored messages", post(h.DigestFailed, 2, time.Hour),
			[3]want{{true, false, false}, {true, false, false}, {true, false, false}}},
		{"being posted: nobody touches it", post(h.DigestClaimed, 1, time.Minute),
			[3]want{{}, {}, {}}},
		{"abandoned mid-post: only force continues it", post(h.DigestClaimed, 1, h.DigestClaimStale),
			[3]want{{}, {}, {true, false, false}}},
		{"unconfirmed: only force continues it", post(h.DigestUnconfirmed, 3, time.Hour),
			[3]want{{}, {}, {true, false, false}}},
		{"posted: only force, as a new post", post(h.DigestPosted, 5, time.Hour),
			[3]want{{}, {}, {true, true, true}}},
	}
	modes := []h.DigestClaimMode{h.ClaimScheduled, h.ClaimManual, h.ClaimForce}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, mode := range modes {
				d := h.DecideDigestClaim(tt.cur, mode, now)
				if got := (want{d.Take, d.Fresh, d.Supersede}); got != tt.modes[i] {
					t.Errorf("mode %d: take, fresh, supersede = %+v, want %+v", mode, got, tt.modes[i])
				}
			}
		})
	}
	if d := h.DecideDigestClaim(post(h.DigestClaimed, 1, h.DigestClaimStale), h.ClaimManual, now); d.Why != "stale" {
		t.Errorf("an abandoned claim is reported as %q, want stale", d.Why)
	}
}

func TestISOWeek(t *testing.T) {
	tests := []struct {
		day        h.Date
		year, week int
		monday     h.Date
	}{
		{date(2026, 1, 12), 2026, 3, date(2026, 1, 12)},
		{date(2026, 1, 18), 2026, 3, date(2026, 1, 12)}, // Sunday ends the week
		{date(2025, 12, 29), 2026, 1, date(2025, 12, 29)},
		{date(2027, 1, 1), 2026, 53, date(2026, 12, 28)}, // a Friday in week 53
		{date(2026, 3, 29), 2026, 13, date(2026, 3, 23)}, // the clocks go forward
	}
	for _, tt := range tests {
		y, w := h.ISOWeek(tt.day)
		if y != tt.year || w != tt.week || h.WeekOf(tt.day) != tt.monday {
			t.Errorf("%s: week %d of %d from %s, want %d of %d from %s", tt.day, w, y, h.WeekOf(tt.day), tt.week, tt.year, tt.monday)
		}
	}
	if got := h.WeekLabel(date(2026, 1, 14)); got != "week 3 of 2026 (from 12 Jan 2026)" {
		t.Errorf("WeekLabel = %q", got)
	}
}

func TestIsWorkingDay(t *testing.T) {
	cal := holidays.Embedded()
	tests := []struct {
		name string
		day  h.Date
		want bool
	}{
		{"a Monday", date(2026, 1, 12), true},
		{"a Friday", date(2026, 1, 16), true},
		{"a Saturday", date(2026, 1, 17), false},
		{"a Sunday", date(2026, 1, 18), false},
		{"Christmas Day", date(2026, 12, 25), false},
		{"Boxing Day's substitute Monday", date(2026, 12, 28), false},
		{"the Tuesday after", date(2026, 12, 29), true},
		{"Easter Monday", date(2026, 4, 6), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := h.IsWorkingDay(tt.day, cal); got != tt.want {
				t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.day, got, tt.want)
			}
		})
	}
	if !h.IsWorkingDay(date(2026, 12, 25), nil) {
		t.Error("with no holiday list, a weekday is a working day")
	}
}

func TestDigestStatusText(t *testing.T) {
	now := time.Date(2026, 1, 12, 10, 0, 0, 0, time.UTC)
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	base := h.DigestPost{Channel: "C0UNIT", Week: date(2026, 1, 12), Parts: 5}
	with := func(change func(p *h.DigestPost)) *h.DigestPost {
		p := base
		change(&p)
		return &p
	}
	tests := []struct {
		name string
		post *h.DigestPost
		want []string
	}{
		{"posted", with(func(p *h.DigestPost) {
			p.State, p.PartsPosted, p.PostedAt = h.DigestPosted, 5, time.Date(2026, 7, 13, 8, 0, 0, 0, time.UTC)
		}), []string{"was posted at 09:00 BST on Mon 13 Jul 2026"}},
		{"unconfirmed", with(func(p *h.DigestPost) {
			p.State, p.PartsPosted, p.Detail = h.DigestUnconfirmed, 2, "Slack did not answer for message 3"
		}), []string{"not confirmed (2 of 5 messages confirmed)", "message 3", "--post --force --at 2026-01-12"}},
		{"failed", with(func(p *h.DigestPost) {
			p.State, p.Detail = h.DigestFailed, "the bot is not in that channel"
		}), []string{"could not be posted", "not in that channel", "frontdoor digest --post --at 2026-01-12"}},
		{"skipped", with(func(p *h.DigestPost) { p.State, p.Detail = h.DigestSkipped, "the bot was not running" }),
			[]string{"was not posted: the bot was not running", "--post --at 2026-01-12"}},
		{"being posted", with(func(p *h.DigestPost) { p.State, p.PartsPosted, p.UpdatedAt = h.DigestClaimed, 1, now }),
			[]string{"is being posted (1 of 5"}},
		{"abandoned", with(func(p *h.DigestPost) {
			p.State, p.PartsPosted, p.UpdatedAt = h.DigestClaimed, 1, now.Add(-h.DigestClaimStale)
		}), []string{"stopped part-way", "--force"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := view.DigestStatusText(tt.post, now, london)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q lacks %q", got, w)
				}
			}
		})
	}
	lines := view.DigestProblemLines([]h.DigestPost{*with(func(p *h.DigestPost) { p.State = h.DigestUnconfirmed })}, london)
	if len(lines) != 1 || !strings.Contains(lines[0].PlainText(), "not confirmed") {
		t.Errorf("DigestProblemLines = %v", lines)
	}
}
