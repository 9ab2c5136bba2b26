package view

import (
	"unicode/utf8"

	"frontdoor/handlers"
)

// Budget is how much one message may hold, as the renderer that draws the
// replies knows it (bot.Budget, for Slack's Block Kit): every reply is laid
// out within it, so the renderer never has to cut one (a cut could make a
// number read as a resident's identifier). It is given to the service
// (command.Options.Budget) and passed to every view.
type Budget struct {
	// Blocks is what a lookup's reply may use, leaving the renderer room for
	// what it adds (the share button, a notice).
	Blocks int
	// MessageBlocks is what one posted message of the digest may use.
	MessageBlocks int
	// Section is what one section may hold, as Cost counts it.
	Section int
	// Cost is what a line costs once drawn (escapes, style marks, links,
	// mentions); it errs on the long side.
	Cost func(handlers.Rich) int
}

// PlainBudget is the budget of replies read only as plain text, with no
// renderer's limits: a line costs its characters and nothing is cut short.
// A service given no budget lays its replies out with it; one whose replies
// a renderer draws is given the renderer's (bot.Budget).
var PlainBudget = Budget{Blocks: 1 << 20, MessageBlocks: 1 << 20, Section: 1 << 30, Cost: plainCost}

func plainCost(r handlers.Rich) int {
	n := 0
	for _, s := range r {
		n += utf8.RuneCountInString(s.Text)
	}
	return n
}

// packLines puts lines into as few sections as fit the budget. Lines are
// short by construction (names are clipped), so a section is seldom split.
func (bud Budget) pack(lines []handlers.Rich) []handlers.Block {
	var out []handlers.Block
	var cur []handlers.Rich
	size := 0
	for i, l := range lines {
		n := bud.Cost(l) + 1
		if len(cur) > 0 && size+n > bud.Section {
			out = append(out, handlers.Section{Lines: cur})
			cur, size = nil, 0
		}
		if cur == nil {
			// Room for the rest at once: most sections take them all.
			cur = make([]handlers.Rich, 0, len(lines)-i)
		}
		cur = append(cur, l)
		size += n
	}
	if len(cur) > 0 {
		out = append(out, handlers.Section{Lines: cur})
	}
	return out
}
