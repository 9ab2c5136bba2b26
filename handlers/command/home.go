package command

import (
	"context"

	"frontdoor/handlers"
	"frontdoor/handlers/view"
)

// maxHomeListed caps each list on the App Home tab (a view holds at most 100 blocks).
const maxHomeListed = 20

// Home is the content of a person's App Home tab: their open actions
// (overdue first), the unit's actions due this week, the last digest's
// headline once there is one, and how to use the bot.
func (s *Service) Home(ctx context.Context, user handlers.Person) (handlers.Reply, error) {
	h := view.HomeData{Today: s.Today(), Loc: s.loc}
	if s.actions != nil {
		ix, err := s.Index(ctx)
		if err != nil {
			return handlers.Reply{}, err
		}
		h.Names = ix
		h.Mine, h.MineTotal, err = s.actions.ListActions(ctx, handlers.ActionFilter{OwnerID: user.ID, Limit: maxHomeListed})
		if err != nil {
			return handlers.Reply{}, handlers.StoreError(err)
		}
		h.Sunday = h.Today.AddDays((7 - int(h.Today.Weekday())) % 7)
		h.Week, h.WeekTotal, err = s.actions.ListActions(ctx, handlers.ActionFilter{DueOnOrBefore: h.Sunday, Limit: maxHomeListed})
		if err != nil {
			return handlers.Reply{}, handlers.StoreError(err)
		}
	}
	if s.digests != nil {
		var err error
		if h.LastDigest, h.Digested, err = s.digests.LastHeadline(ctx); err != nil {
			return handlers.Reply{}, handlers.StoreError(err)
		}
		// A digest that was not confirmed, refused or stopped mid-post needs
		// someone to look: it is never re-sent blind.
		if alerts, ok := s.digests.(handlers.DigestAlerts); ok {
			if h.Problems, err = alerts.DigestProblems(ctx); err != nil {
				return handlers.Reply{}, handlers.StoreError(err)
			}
		}
	}
	return view.Home(s.budget, h), nil
}
