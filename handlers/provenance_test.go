package handlers_test

import (
	"testing"

	h "frontdoor/handlers"
)

func TestCheckedWordsAndStaleness(t *testing.T) {
	today := h.DateOf(2026, 12, 4)
	tests := []struct {
		checked   h.Date
		days      int
		words     string
		wantStale bool
	}{
		{h.NoDate, 180, "never checked", true},
		{h.DateOf(2025, 11, 3), 180, "checked 3 Nov 2025", true},
		{today.AddDays(-180), 180, "checked 7 Jun 2026", false}, // the last fresh day
		{today.AddDays(-181), 180, "checked 6 Jun 2026", true},
		{today, 0, "checked 4 Dec 2026", false},
		{today.AddDays(-181), 0, "checked 6 Jun 2026", true}, // 0: the default 180
		{today.AddDays(-10), 7, "checked 24 Nov 2026", true},
	}
	for _, tt := range tests {
		if got := h.CheckedWords(tt.checked); got != tt.words {
			t.Errorf("CheckedWords(%v) = %q, want %q", tt.checked, got, tt.words)
		}
		if got := h.IsStale(tt.checked, today, tt.days); got != tt.wantStale {
			t.Errorf("IsStale(%v, %d days) = %v, want %v", tt.checked, tt.days, got, tt.wantStale)
		}
	}
}
