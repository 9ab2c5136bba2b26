package bot

import (
	"testing"

	"frontdoor/handlers"
)

func TestMrkdwnCostCountsEscapesAndLinks(t *testing.T) {
	r := handlers.R(handlers.T("a&b<c>"), handlers.B("x"), handlers.L("t", "https://e.org"))
	// "a&amp;b&lt;c&gt;" is 16, "*x*" with slack 5, "<https://e.org|t>" is 17.
	if got := mrkdwnCost(r); got < 16+3+17 {
		t.Errorf("mrkdwnCost = %d, want at least %d", got, 16+3+17)
	}
}
