package view_test

import (
	"testing"

	h "frontdoor/handlers"
	"frontdoor/handlers/index"
	"frontdoor/handlers/regtest"
	"frontdoor/handlers/view"
	"frontdoor/handlers/view/viewtest"
)

// A reply is laid out within the budget the renderer gives: however many
// blocks it allows, and sections as its cost counts them.
func TestRepliesKeepToTheGivenBudget(t *testing.T) {
	ix := index.NewIndex(regtest.National(1, regtest.NationalSize{}))
	ans, err := ix.WhoFunds([][2]string{{"working-age residents", ""}}, regtest.Day)
	if err != nil {
		t.Fatal(err)
	}
	last := 0
	for _, blocks := range []int{12, 20, viewtest.Budget.Blocks} {
		bud := viewtest.Budget
		bud.Blocks = blocks
		r := view.WhoFunds(bud, ans)
		if len(r.Blocks) > blocks || len(r.Blocks) <= last {
			t.Errorf("budget of %d blocks: the reply has %d (with fewer blocks allowed, %d)", blocks, len(r.Blocks), last)
		}
		last = len(r.Blocks)
		for i, b := range r.Blocks {
			s, ok := b.(h.Section)
			if !ok {
				continue
			}
			n := 0
			for _, l := range s.Lines {
				n += bud.Cost(l) + 1
			}
			if n > bud.Section && len(s.Lines) > 1 {
				t.Errorf("budget of %d blocks: section %d costs %d, over %d", blocks, i, n, bud.Section)
			}
		}
	}
	// Read only as text, nothing is held back for a renderer.
	if plain, slack := view.WhoFunds(view.PlainBudget, ans), view.WhoFunds(viewtest.Budget, ans); len(plain.Blocks) < len(slack.Blocks) {
		t.Errorf("plain budget: %d blocks, fewer than Slack's %d", len(plain.Blocks), len(slack.Blocks))
	}
}
