package handlers

import (
	"context"
)

// RegisterStore is what the core needs from the database to answer lookups.
type RegisterStore interface {
	// LoadRegister returns the whole register in stored order.
	LoadRegister(ctx context.Context) (*Register, error)
	// RegisterVersion changes whenever any process changes the register.
	RegisterVersion(ctx context.Context) (int64, error)
}

// Request is one command from one person.
type Request struct {
	Text string
	User Person
	// Key is the idempotency key of a write (see docs/slack-platform.md); "" in the console.
	Key string
	// ChannelID is the Slack channel the command came from ("" in the console).
	ChannelID string
}

// LogForm is an action entered through Slack's modal rather than typed.
type LogForm struct {
	Text      string
	OwnerID   string // a Slack user id from the user picker; "" means the person logging it
	Due       Date   // from the date picker; NoDate for none
	AgencyIDs []string
	// Link points back to the message the action was logged from (message shortcut).
	Link string
}

// DigestLog is what the App Home needs to know of posted digests.
type DigestLog interface {
	// LastHeadline returns the headline of the last digest posted, ok=false when none has been.
	LastHeadline(ctx context.Context) (headline string, ok bool, err error)
}
