package handlers

import (
	"context"
	"encoding/json"
	"time"
)

// Action statuses.
const (
	ActionOpen    = "open"
	ActionDone    = "done"
	ActionDeleted = "deleted"
)

// Tag kinds: what an action is about, found in its text.
const (
	TagAgency    = "agency"
	TagProgramme = "programme"
	TagCohort    = "cohort"
)

// Tag links an action to a register entry it names.
type Tag struct {
	Kind string // TagAgency, TagProgramme or TagCohort
	ID   string
}

// Action is a cross-agency action agreed in a meeting: who does what, by when.
type Action struct {
	ID        int64
	Text      string
	OwnerID   string // Slack user id, or a console name
	OwnerName string // display name when known
	CreatorID string
	Due       Date // NoDate: no due date
	Status    string
	Tags      []Tag
	ChannelID string
	// Link points back to the Slack message an action was logged from, when it was.
	Link      string
	CreatedAt time.Time // UTC
	UpdatedAt time.Time // UTC
	ClosedAt  time.Time // UTC; zero unless done
}

// Open reports whether the action is still to do.
func (a *Action) Open() bool { return a.Status == ActionOpen }

// Overdue reports whether the action is open and its due date has passed.
func (a *Action) Overdue(today Date) bool {
	return a.Open() && !a.Due.IsZero() && a.Due < today
}

// TagIDs returns the ids of the action's tags of one kind.
func (a *Action) TagIDs(kind string) []string {
	var ids []string
	for _, t := range a.Tags {
		if t.Kind == kind {
			ids = append(ids, t.ID)
		}
	}
	return ids
}

// AuditEntry is one row of the append-only audit trail: who, when, what,
// before and after.
type AuditEntry struct {
	ID      int64
	At      time.Time // UTC
	Actor   string
	Kind    string // "import", "action.create", "action.done", ...
	Subject string // "register", "#42"
	Outcome string // "ok" or "refused"
	Before  json.RawMessage
	After   json.RawMessage
	Detail  string
}

// Audit outcomes.
const (
	OutcomeOK      = "ok"
	OutcomeRefused = "refused"
)

// ActionChange is what an update did, for the audit trail.
type ActionChange struct {
	Kind   string // "action.done", "action.assign", ...
	Detail string // a note's text, a reason for a refusal
}

// ActionFilter selects actions; zero fields match everything.
type ActionFilter struct {
	Statuses []string // empty: open only
	OwnerID  string
	// TagKind and TagIDs select actions tagged with any of the ids (of that kind).
	TagKind string
	TagIDs  []string
	// DueBefore keeps actions with a due date before it (overdue: today).
	DueBefore Date
	// DueOnOrBefore keeps actions with a due date on or before it (due this week).
	DueOnOrBefore Date
	// ClosedSince keeps actions closed at or after it.
	ClosedSince time.Time
	// Limit caps the rows returned (0: no cap); Total in the result still counts all.
	Limit int
}

// ActionStore is what the core needs from the database to keep actions.
// Every method that writes does so in one transaction with its audit rows.
type ActionStore interface {
	// CreateAction records a new action (ID and times are set by the store)
	// and its audit row. With a non-empty key that was seen before, it records
	// nothing and returns the action that key created, with replayed true.
	CreateAction(ctx context.Context, a Action, key string) (created Action, replayed bool, err error)
	// UpdateAction loads action id, calls change on a copy, and writes the
	// result with an audit row of the change, all in one transaction. If
	// change returns an *Error, nothing changes but a refused audit row is
	// written. A seen key makes it a no-op returning the current action.
	UpdateAction(ctx context.Context, id int64, key, actor string, at time.Time, change func(a *Action) (ActionChange, error)) (Action, bool, error)
	// GetAction returns one action (any status), or an error wrapping ErrNotFound.
	GetAction(ctx context.Context, id int64) (Action, error)
	// ActionHistory returns the audit rows of one action, oldest first.
	ActionHistory(ctx context.Context, id int64) ([]AuditEntry, error)
	// ListActions returns matching actions, overdue (earliest due) first, then
	// by due date (none last), then by number; and how many matched in all.
	ListActions(ctx context.Context, f ActionFilter) (actions []Action, total int, err error)
}

// MaxActionText is the longest action text accepted (Slack's own input limit).
const MaxActionText = 3000
