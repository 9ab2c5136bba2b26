package handlers

import (
	"context"
	"fmt"
)

// maxHomeListed caps each list on the App Home tab (a view holds at most 100 blocks).
const maxHomeListed = 20

// Home is the content of a person's App Home tab: their open actions
// (overdue first), the unit's actions due this week, the last digest's
// headline once there is one, and how to use the bot.
func (s *Service) Home(ctx context.Context, user Person) (Reply, error) {
	blocks := []Block{Header{Text: "Frontdoor"}}
	today := s.Today()
	if s.Actions != nil {
		ix, err := s.Index(ctx)
		if err != nil {
			return Reply{}, err
		}
		mine, total, err := s.Actions.ListActions(ctx, ActionFilter{OwnerID: user.ID, Limit: maxHomeListed})
		if err != nil {
			return Reply{}, storeError(err)
		}
		blocks = append(blocks, Section{Lines: []Rich{R(B(fmt.Sprintf("Your open actions (%d)", total)))}})
		if total == 0 {
			blocks = append(blocks, Section{Lines: []Rich{Line("Nothing open. Log one with /fd log <what> by <date>.")}})
		}
		blocks = append(blocks, homeList(ix, mine, total, today, "/fd actions mine")...)
		sunday := today.AddDays((7 - int(today.Weekday())) % 7)
		week, wtotal, err := s.Actions.ListActions(ctx, ActionFilter{DueOnOrBefore: sunday, Limit: maxHomeListed})
		if err != nil {
			return Reply{}, storeError(err)
		}
		blocks = append(blocks, Divider{}, Section{Lines: []Rich{R(B(fmt.Sprintf("Due by Sunday %s, across the unit (%d)", sunday.UK(), wtotal)))}})
		if wtotal == 0 {
			blocks = append(blocks, Section{Lines: []Rich{Line("Nothing due this week.")}})
		}
		blocks = append(blocks, homeList(ix, week, wtotal, today, "/fd actions due this week")...)
	}
	if s.Digests != nil {
		if h, ok, err := s.Digests.LastHeadline(ctx); err != nil {
			return Reply{}, storeError(err)
		} else if ok {
			blocks = append(blocks, Divider{}, Section{Lines: []Rich{R(B("Last digest")), Line(h)}})
		}
		// A digest that was not confirmed, refused or stopped mid-post needs
		// someone to look: it is never re-sent blind.
		if alerts, ok := s.Digests.(DigestAlerts); ok {
			problems, err := alerts.DigestProblems(ctx)
			if err != nil {
				return Reply{}, storeError(err)
			}
			if len(problems) > 0 {
				lines := append([]Rich{R(B("⚠ Digest needs attention"))}, DigestProblemLines(problems, s.Loc)...)
				blocks = append(blocks, Section{Lines: lines})
			}
		}
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
	return Reply{Text: "Frontdoor: your actions and how to use the bot", Blocks: blocks}, nil
}

func homeList(ix *Index, list []Action, total int, today Date, more string) []Block {
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

// DigestLog is what the App Home needs to know of posted digests.
type DigestLog interface {
	// LastHeadline returns the headline of the last digest posted, ok=false when none has been.
	LastHeadline(ctx context.Context) (headline string, ok bool, err error)
}
