package handlers

import (
	"context"
	"time"
)

// RegisterChange is one change to the register made by a person from Slack
// or the console (checked, set, a modal's edit or addition), or a refusal of
// one, as its audit row records it. Imports are not register changes: the
// import's own diff says what they changed.
type RegisterChange struct {
	At time.Time
	// Who is the person's id (a Slack user id, or a console name).
	Who string
	// Entity is "programme" or "funding"; EntityID its id.
	Entity   string
	EntityID string
	// Programme is the id of the programme the change belongs to.
	Programme string
	// Action is what was done: "checked", "set", "edit", "add" or "refused".
	Action string
	// Field is the field set ("end", "status", …; "" when several changed).
	Field string
	// Before and After are the values in words ("" when there was none).
	Before, After string
	// Note is a refusal's reason, or "".
	Note string
}

// RegisterChanges reads the register's change history. *store.DB implements it.
type RegisterChanges interface {
	// RegisterChangesSince returns the changes made at or after since, oldest first.
	RegisterChangesSince(ctx context.Context, since time.Time) ([]RegisterChange, error)
	// RegisterHistory returns the changes to one programme and its fundings, oldest first.
	RegisterHistory(ctx context.Context, programmeID string) ([]RegisterChange, error)
}
