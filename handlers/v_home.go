package handlers

import (
	"fmt"
	"time"
)

// HomeData is what a person's App Home tab shows.
type HomeData struct {
	Today Date
	Loc   *time.Location
	// Names names the actions' tags; nil when there is no action log.
	Names TagNamer
	// Mine are the person's open actions (the first of MineTotal); Week the
	// unit's due by Sunday (the first of WeekTotal).
	Mine, Week           []Action
	MineTotal, WeekTotal int
	Sunday               Date
	// LastDigest is the last digest's headline, when Digested.
	LastDigest string
	Digested   bool
	// Problems are digests that need attention.
	Problems []DigestPost
}

// HomeReply is the App Home tab.
func HomeReply(h HomeData) Reply {
	blocks := []Block{Header{Text: "Frontdoor"}}
	today := h.Today
	if h.Names != nil {
		ix := h.Names
		mine, total := h.Mine, h.MineTotal
		blocks = append(blocks, Section{Lines: []Rich{R(B(fmt.Sprintf("Your open actions (%d)", total)))}})
		if total == 0 {
			blocks = append(blocks, Section{Lines: []Rich{Line("Nothing open. Log one with /fd log <what> by <date>.")}})
		}
		blocks = append(blocks, homeList(ix, mine, total, today, "/fd actions mine")...)
		sunday, week, wtotal := h.Sunday, h.Week, h.WeekTotal
		blocks = append(blocks, Divider{}, Section{Lines: []Rich{R(B(fmt.Sprintf("Due by Sunday %s, across the unit (%d)", sunday.UK(), wtotal)))}})
		if wtotal == 0 {
			blocks = append(blocks, Section{Lines: []Rich{Line("Nothing due this week.")}})
		}
		blocks = append(blocks, homeList(ix, week, wtotal, today, "/fd actions due this week")...)
	}
	if h.Digested {
		blocks = append(blocks, Divider{}, Section{Lines: []Rich{R(B("Last digest")), Line(h.LastDigest)}})
	}
	if len(h.Problems) > 0 {
		lines := append([]Rich{R(B("⚠ Digest needs attention"))}, DigestProblemLines(h.Problems, h.Loc)...)
		blocks = append(blocks, Section{Lines: lines})
	}
	blocks = append(blocks, Divider{},
		Section{Lines: []Rich{
			R(B("How to use it")),
			R(C("/fd who funds care leavers in Liverpool"), T(" — who funds which cohort, where, how much, until when")),
			R(C("/fd log DWP to share data with the ICB @sam by Friday"), T(" — log an action (or /fd log on its own for a form)")),
			R(C("/fd actions mine"), T(" · "), C("/fd done 42"), T(" · "), C("/fd help"), T(" for everything else")),
		}},
		Context{Items: []Rich{Line("Lookups are private unless you share them; actions are a shared record.")}},
	)
	return Reply{Text: "Frontdoor: your actions and how to use the bot", Blocks: blocks}
}

func homeList(ix TagNamer, list []Action, total int, today Date, more string) []Block {
	var lines []Rich
	for i := range list {
		lines = append(lines, actionLine(ix, &list[i], today))
	}
	blocks := packLines(lines)
	if total > len(list) {
		blocks = append(blocks, Context{Items: []Rich{R(T(fmt.Sprintf("…and %d more: ", total-len(list))), C(more))}})
	}
	return blocks
}
