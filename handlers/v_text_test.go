package handlers

import (
	"strings"
	"testing"
	"time"
)

func TestProgrammeState(t *testing.T) {
	d := func(y int, m time.Month, day int) Date { return DateOf(y, m, day) }
	on := d(2026, 1, 12)
	tests := []struct {
		name string
		p    Programme
		want string
	}{
		{"running until its end", Programme{Start: d(2025, 4, 1), End: d(2026, 3, 31)}, "running until 31 Mar 2026"},
		{"last day", Programme{End: on}, "running until 12 Jan 2026"},
		{"first day", Programme{Start: on}, "running (no end date)"},
		{"ended", Programme{End: d(2025, 3, 31)}, "ended 31 Mar 2025"},
		{"not started", Programme{Start: d(2026, 4, 1)}, "starts 1 Apr 2026"},
		{"explicit live", Programme{Status: StatusLive}, "running (no end date)"},
		{"planned, future start", Programme{Status: StatusPlanned, Start: d(2026, 4, 1)}, "planned from 1 Apr 2026"},
		{"planned, dates cover the day", Programme{Status: StatusPlanned, Start: d(2025, 1, 1), End: d(2027, 1, 1)}, "planned"},
		{"closed early", Programme{Status: StatusClosed, End: d(2026, 12, 31)}, "closed"},
		{"closed and ended", Programme{Status: StatusClosed, End: d(2025, 3, 31)}, "closed, ended 31 Mar 2025"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ProgrammeState(&tt.p, on); got != tt.want {
				t.Errorf("ProgrammeState = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPackLinesKeepsSectionsSmall(t *testing.T) {
	long := strings.Repeat("x", 900)
	var lines []Rich
	for i := 0; i < 10; i++ {
		lines = append(lines, R(B(long), T(" & <tag>"), L("link", "https://example.org/"+long)))
	}
	blocks := packLines(lines)
	if len(blocks) < 2 {
		t.Fatalf("packLines made %d sections of lines far over the budget, want several", len(blocks))
	}
	total := 0
	for _, b := range blocks {
		s := b.(Section)
		n := 0
		for _, l := range s.Lines {
			n += mrkdwnLen(l) + 1
		}
		if n > sectionBudget && len(s.Lines) > 1 {
			t.Errorf("section of %d lines estimated at %d chars, over %d", len(s.Lines), n, sectionBudget)
		}
		total += len(s.Lines)
	}
	if total != len(lines) {
		t.Errorf("packLines kept %d lines, want %d", total, len(lines))
	}
}

func TestMrkdwnLenCountsEscapesAndLinks(t *testing.T) {
	r := R(T("a&b<c>"), B("x"), L("t", "https://e.org"))
	// "a&amp;b&lt;c&gt;" is 16, "*x*" with slack 5, "<https://e.org|t>" is 17.
	if got := mrkdwnLen(r); got < 16+3+17 {
		t.Errorf("mrkdwnLen = %d, want at least %d", got, 16+3+17)
	}
}
