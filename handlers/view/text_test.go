package view

import (
	"strings"
	"testing"
	"time"

	"frontdoor/handlers"
)

func TestProgrammeState(t *testing.T) {
	d := func(y int, m time.Month, day int) handlers.Date { return handlers.DateOf(y, m, day) }
	on := d(2026, 1, 12)
	tests := []struct {
		name string
		p    handlers.Programme
		want string
	}{
		{"running until its end", handlers.Programme{Start: d(2025, 4, 1), End: d(2026, 3, 31)}, "running until 31 Mar 2026"},
		{"last day", handlers.Programme{End: on}, "running until 12 Jan 2026"},
		{"first day", handlers.Programme{Start: on}, "running (no end date)"},
		{"ended", handlers.Programme{End: d(2025, 3, 31)}, "ended 31 Mar 2025"},
		{"not started", handlers.Programme{Start: d(2026, 4, 1)}, "starts 1 Apr 2026"},
		{"explicit live", handlers.Programme{Status: handlers.StatusLive}, "running (no end date)"},
		{"planned, future start", handlers.Programme{Status: handlers.StatusPlanned, Start: d(2026, 4, 1)}, "planned from 1 Apr 2026"},
		{"planned, dates cover the day", handlers.Programme{Status: handlers.StatusPlanned, Start: d(2025, 1, 1), End: d(2027, 1, 1)}, "planned"},
		{"closed early", handlers.Programme{Status: handlers.StatusClosed, End: d(2026, 12, 31)}, "closed"},
		{"closed and ended", handlers.Programme{Status: handlers.StatusClosed, End: d(2025, 3, 31)}, "closed, ended 31 Mar 2025"},
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
	var lines []handlers.Rich
	for i := 0; i < 10; i++ {
		lines = append(lines, handlers.R(handlers.B(long), handlers.T(" & <tag>"), handlers.L("link", "https://example.org/"+long)))
	}
	// A budget that counts characters and the style and link marks.
	bud := Budget{Section: 2800, Cost: func(r handlers.Rich) int {
		n := 0
		for _, s := range r {
			n += len([]rune(s.Text)) + 4 + len(s.URL)
		}
		return n
	}}
	blocks := bud.pack(lines)
	if len(blocks) < 2 {
		t.Fatalf("pack made %d sections of lines far over the budget, want several", len(blocks))
	}
	total := 0
	for _, b := range blocks {
		s := b.(handlers.Section)
		n := 0
		for _, l := range s.Lines {
			n += bud.Cost(l) + 1
		}
		if n > bud.Section && len(s.Lines) > 1 {
			t.Errorf("section of %d lines costs %d, over %d", len(s.Lines), n, bud.Section)
		}
		total += len(s.Lines)
	}
	if total != len(lines) {
		t.Errorf("pack kept %d lines, want %d", total, len(lines))
	}
}
