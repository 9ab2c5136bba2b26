package bot

import (
	"context"
	"errors"
	"time"

	"frontdoor/handlers"
)

// asker is who sent a request, as the payload says.
type asker struct {
	TeamID       string // the workspace where it happened
	EnterpriseID string // the Enterprise Grid organisation, if any
	UserID       string
	UserName     string
	// UserTeam is the user's home team when the payload carries it
	// (user_team, user.team_id); "" means look it up.
	UserTeam string
}

// Refusals. They are polite and say nothing about the allow-lists.
const (
	refusalOutsider = "Sorry, Frontdoor is only for members of the organisations that run it, so I can't answer here. " +
		"If you think you should have access, ask your Frontdoor admin."
	refusalUncheckable = "Sorry, I couldn't check your workspace just now. Please try again in a minute."
)

// errOutsider is the error of a refused asker, for logs and metrics.
var errOutsider = errors.New("bot: asker is not in an allowed workspace or organisation")

// lookupTimeout bounds the users.info call made inside Slack's 3 seconds.
const lookupTimeout = 1500 * time.Millisecond

// admit checks the workspace and the asker's home team against the
// allow-lists (and the organisation, when FRONTDOOR_ENTERPRISE_IDS is set).
// It returns the person to act as, or a refusal to show. Slack Connect puts
// guests of other organisations in shared channels, where team_id is this
// workspace's: only their home team tells them apart.
func (b *Bot) admit(ctx context.Context, a asker) (handlers.Person, string, error) {
	if a.UserID == "" || !b.teams[a.TeamID] {
		return handlers.Person{}, refusalOutsider, errOutsider
	}
	if len(b.enterprises) > 0 && !b.enterprises[a.EnterpriseID] {
		return handlers.Person{}, refusalOutsider, errOutsider
	}
	home := a.UserTeam
	name := a.UserName
	if home == "" {
		ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
		defer cancel()
		u, err := b.users.info(ctx, a.UserID)
		if err != nil {
			if errors.Is(err, handlers.ErrNotFound) {
				return handlers.Person{}, refusalOutsider, errOutsider
			}
			return handlers.Person{}, refusalUncheckable, err
		}
		home = u.TeamID
		if name == "" {
			name = displayName(u)
		}
		// On Enterprise Grid a member's home may be the organisation itself.
		if !b.teams[home] && len(b.enterprises) > 0 && b.enterprises[u.Enterprise.EnterpriseID] {
			home = a.TeamID
		}
	}
	if !b.teams[home] {
		return handlers.Person{}, refusalOutsider, errOutsider
	}
	return handlers.Person{ID: a.UserID, Name: name, TeamID: home}, "", nil
}
