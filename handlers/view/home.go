package view

import (
	"fmt"
	"time"

	"frontdoor/handlers"
)

// HomeData is what a person's App Home tab shows.
type HomeData struct {
	Today handlers.Date
	Loc   *time.Location
	// Names names the actions' tags; nil when there is no action log.
	Names TagNamer
	// Mine are the person's open actions (the first of MineTotal); Week the
	// unit's due by Sunday (the first of WeekTotal).
	Mine, Week           []handlers.Action
	MineTotal, WeekTotal int
	Sunday               handlers.Date
	// LastDigest is the last digest's headline, when Digested.
	LastDigest string
	Digested   bool
	// Problems are digests that need attention.
	Problems []handlers.DigestPost
}

// HomeReply is the App Home tab.
func Home(bud Budget, h HomeData) handlers.Reply {
	blocks := []handlers.Block{handlers.Header{Text: "Frontdoor"}}
	today := h.Today
	if h.Names != nil {
		ix := h.Names
		mine, total := h.Mine, h.MineTotal
		blocks = append(blocks, handlers.Section{Lines: []handlers.Rich{handlers.R(handlers.B(fmt.Sprintf("Your open actions (%d)", total)))}})
		if total == 0 {
			blocks = append(blocks, handlers.Section{Lines: []handlers.Rich{handlers.Line("Nothing open. Log one with /fd log <what> by <date>.")}})
		}
		blocks = append(blocks, homeList(bud, ix, mine, total, today, "/fd actions mine")...)
		sunday, week, wtotal := h.Sunday, h.Week, h.WeekTotal
		blocks = append(blocks, handlers.Divider{}, handlers.Section{Lines: []handlers.Rich{handlers.R(handlers.B(fmt.Sprintf("Due by Sunday %s, across the unit (%d)", sunday.UK(), wtotal)))}})
		if wtotal == 0 {
			blocks = append(blocks, handlers.Section{Lines: []handlers.Rich{handlers.Line("Nothing due this week.")}})
		}
		blocks = append(blocks, homeList(bud, ix, week, wtotal, today, "/fd actions due this week")...)
	}
	if h.Digested {
		blocks = append(blocks, handlers.Divider{}, handlers.Section{Lines: []handlers.Rich{handlers.R(handlers.B("Last digest")), handlers.Line(h.LastDigest)}})
	}
	if len(h.Problems) > 0 {
		lines := append([]handlers.Rich{handlers.R(handlers.B("⚠ Digest needs attention"))}, DigestProblemLines(h.Problems, h.Loc)...)
		blocks = append(blocks, handlers.Section{Lines: lines})
	}
	blocks = append(blocks, handlers.Divider{},
		handlers.Section{Lines: []handlers.Rich{
			handlers.R(handlers.B("How to use it")),
			handlers.R(handlers.C("/fd who funds care leavers in Liverpool"), handlers.T(" — who funds which cohort, where, how much, until when")),
			handlers.R(handlers.C("/fd log DWP to share data with the ICB @sam by Friday"), handlers.T(" — log an action (or /fd log on its own for a form)")),
			handlers.R(handlers.C("/fd actions mine"), handlers.T(" · "), handlers.C("/fd done 42"), handlers.T(" · "), handlers.C("/fd help"), handlers.T(" for everything else")),
		}},
		handlers.Context{Items: []handlers.Rich{handlers.Line("Lookups are private unless you share them; actions are a shared record.")}},
	)
	return handlers.Reply{Text: "Frontdoor: your actions and how to use the bot", Blocks: blocks}
}

func homeList(bud Budget, ix TagNamer, list []handlers.Action, total int, today handlers.Date, more string) []handlers.Block {
	var lines []handlers.Rich
	for i := range list {
		lines = append(lines, actionLine(ix, &list[i], today))
	}
	blocks := bud.pack(lines)
	if total > len(list) {
		blocks = append(blocks, handlers.Context{Items: []handlers.Rich{handlers.R(handlers.T(fmt.Sprintf("…and %d more: ", total-len(list))), handlers.C(more))}})
	}
	return blocks
}
