package bot

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"frontdoor/handlers"
)

// Users answers "who is this Slack user" through users.info (Tier 4), with a
// small cache: the home team of whoever is asking is checked on every
// request that does not carry it, and an owner named in `log` is checked too.
type Users struct {
	api   *slack.Client
	clock Clock

	mu    sync.Mutex
	cache map[string]userEntry
}

type userEntry struct {
	user *slack.User // nil: Slack does not know the id
	at   time.Time
}

// How long answers are kept. A user who leaves is refused within the hour;
// an unknown id is asked again soon, in case it was just created.
const (
	userCacheTTL    = 10 * time.Minute
	unknownUserTTL  = time.Minute
	userCacheMax    = 10_000
	usersInfoMethod = "users.info"
)

// NewUsers returns a directory over api.
func NewUsers(api *slack.Client, clock Clock) *Users {
	if clock == nil {
		clock = RealClock{}
	}
	return &Users{api: api, clock: clock, cache: map[string]userEntry{}}
}

// LookupUser returns the display name of a Slack user id; an id Slack does
// not know (user_not_found, or a deactivated account) gives an error
// wrapping handlers.ErrNotFound. It implements handlers.UserDirectory.
func (u *Users) LookupUser(ctx context.Context, id string) (string, error) {
	user, err := u.info(ctx, id)
	if err != nil {
		return "", err
	}
	if user.Deleted {
		return "", fmt.Errorf("bot: user %s is deactivated: %w", id, handlers.ErrNotFound)
	}
	return displayName(user), nil
}

// info returns the user, from the cache when fresh.
func (u *Users) info(ctx context.Context, id string) (*slack.User, error) {
	if !userIDPattern.MatchString(id) {
		return nil, fmt.Errorf("bot: %q is not a Slack user id: %w", id, handlers.ErrNotFound)
	}
	now := u.clock.Now()
	u.mu.Lock()
	e, ok := u.cache[id]
	u.mu.Unlock()
	if ok {
		ttl := userCacheTTL
		if e.user == nil {
			ttl = unknownUserTTL
		}
		if now.Sub(e.at) < ttl {
			if e.user == nil {
				return nil, fmt.Errorf("bot: user %s: %w", id, handlers.ErrNotFound)
			}
			return e.user, nil
		}
	}
	user, err := u.api.GetUserInfoContext(ctx, id)
	if err != nil {
		var se slack.SlackErrorResponse
		if errors.As(err, &se) && (se.Err == "user_not_found" || se.Err == "users_not_found") {
			u.store(id, userEntry{at: now})
			return nil, fmt.Errorf("bot: user %s: %w", id, handlers.ErrNotFound)
		}
		return nil, fmt.Errorf("bot: %s %s: %w", usersInfoMethod, id, err)
	}
	u.store(id, userEntry{user: user, at: now})
	return user, nil
}

func (u *Users) store(id string, e userEntry) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.cache) >= userCacheMax {
		clear(u.cache) // crude, but bounded; a workspace is far smaller
	}
	u.cache[id] = e
}

func displayName(u *slack.User) string {
	for _, n := range []string{u.Profile.DisplayName, u.RealName, u.Profile.RealName, u.Name} {
		if n != "" {
			return n
		}
	}
	return u.ID
}

// People is how Slack names and checks people for the core
// (handlers.People): a mention Slack linked carries its id, but an @name
// typed without picking the person is nobody Slack knows; users.info says
// who an id is; and only members of the allowed workspaces may write.
type People struct {
	users *Users // nil: no directory to ask (names are as the mention gave them)
	teams map[string]bool
}

// NewPeople returns Slack's people over a directory (nil: none) and the
// workspaces whose members may write (FRONTDOOR_TEAM_IDS).
func NewPeople(users *Users, teamIDs []string) People {
	return People{users: users, teams: set(teamIDs)}
}

// Typed says an @name Slack did not link names nobody it can tell.
func (People) Typed(string) (string, bool) { return "", false }

// Lookup asks users.info, when there is a directory.
func (p People) Lookup(ctx context.Context, id string) (string, error) {
	if p.users == nil {
		return "", nil
	}
	return p.users.LookupUser(ctx, id)
}

// MayWrite lets a user of an allowed workspace write.
func (p People) MayWrite(u handlers.Person) bool {
	return u.ID != "" && u.TeamID != "" && p.teams[u.TeamID]
}
