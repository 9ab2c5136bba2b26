package command

import (
	"context"
	"strconv"
	"strings"
	"time"

	"frontdoor/handlers"
	"frontdoor/handlers/index"
	"frontdoor/handlers/view"
)

var timeZero time.Time

// maxListed caps the actions listed in one reply.
const maxListed = 30

// listActions handles `actions [filter]`.
func (s *Service) listActions(ctx context.Context, ix *index.Index, today handlers.Date, req handlers.Request, filter string) (handlers.Reply, error) {
	if s.actions == nil {
		return handlers.Reply{}, handlers.Errorf(handlers.EUnavailable, "The action log is not available here.")
	}
	f, title, err := s.parseActionFilter(ix, req, filter, today)
	if err != nil {
		return handlers.Reply{}, err
	}
	f.Limit = maxListed
	list, total, err := s.actions.ListActions(ctx, f)
	if err != nil {
		return handlers.Reply{}, handlers.StoreError(err)
	}
	return view.ActionsReply(s.budget, ix, list, total, title, today), nil
}

// parseActionFilter reads the words after `actions`: mine, overdue, due this
// week, done, all, a person, or an agency, programme or cohort name.
func (s *Service) parseActionFilter(ix *index.Index, req handlers.Request, text string, today handlers.Date) (handlers.ActionFilter, string, error) {
	var f handlers.ActionFilter
	words := strings.ToLower(strings.Join(strings.Fields(text), " "))
	title := "open actions"
	rest := words
	take := func(phrase string) bool {
		padded := " " + rest + " "
		if i := strings.Index(padded, " "+phrase+" "); i >= 0 {
			rest = strings.TrimSpace(padded[:i] + " " + padded[i+len(phrase)+2:])
			return true
		}
		return false
	}
	var qualifiers []string
	switch {
	case take("all"):
		f.Statuses = []string{handlers.ActionOpen, handlers.ActionDone}
		title = "actions"
	case take("done"), take("closed"):
		f.Statuses = []string{handlers.ActionDone}
		since := today.AddDays(-30).Time()
		f.ClosedSince = since
		title = "actions closed in the last 30 days"
	}
	if take("overdue") {
		f.DueBefore = today
		title = "overdue actions"
	}
	if take("due this week") || take("this week") {
		// Weeks run Monday to Sunday; overdue ones are included and listed first.
		sunday := today.AddDays((7 - int(today.Weekday())) % 7)
		f.DueOnOrBefore = sunday
		title = "open actions due by Sunday " + sunday.UK()
	}
	if take("mine") || take("my") {
		f.OwnerID = req.User.ID
		qualifiers = append(qualifiers, "owned by you")
	}
	// Whatever is left names a person or a register entry; use the original case.
	orig := strings.TrimSpace(text)
	if rest != "" {
		if id, name, named := s.owner(orig); named {
			if id == "" {
				return f, "", handlers.Errorf(handlers.EInvalid, "I don't know @%s in this workspace. Mention them so Slack links the name.", name)
			}
			f.OwnerID = id
			qualifiers = append(qualifiers, "owned by "+handlers.PlainRich(handlers.R(view.Who(id, name))))
		} else {
			tag, label, err := ix.MatchTag(rest)
			if err != nil {
				return f, "", err
			}
			f.TagKind = tag.Kind
			f.TagIDs = ix.TagWithin(tag)
			qualifiers = append(qualifiers, "about "+label)
		}
	}
	if len(qualifiers) > 0 {
		title += " " + strings.Join(qualifiers, ", ")
	}
	return f, title, nil
}

// actionCard handles `action <n>`: the action with its full history.
func (s *Service) actionCard(ctx context.Context, ix *index.Index, today handlers.Date, n int64) (handlers.Reply, error) {
	if s.actions == nil {
		return handlers.Reply{}, handlers.Errorf(handlers.EUnavailable, "The action log is not available here.")
	}
	ref := "#" + strconv.FormatInt(n, 10)
	a, err := s.actions.GetAction(ctx, n)
	if err != nil {
		if handlers.ErrorCode(handlers.StoreError(err)) == handlers.ENotFound {
			return handlers.Reply{}, handlers.Errorf(handlers.ENotFound, "There is no action %s. `actions all` lists them.", ref)
		}
		return handlers.Reply{}, handlers.StoreError(err)
	}
	history, err := s.actions.ActionHistory(ctx, n)
	if err != nil {
		return handlers.Reply{}, handlers.StoreError(err)
	}
	return view.ActionCardReply(s.budget, ix, &a, history, today, s.loc), nil
}
