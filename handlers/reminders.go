package handlers

import (
	"time"
)

// Reminder states: as a digest's, for one direct message.
const (
	ReminderClaimed     = "claimed"
	ReminderSent        = "sent"
	ReminderUnconfirmed = "unconfirmed"
	ReminderFailed      = "failed"
)

// ReminderPost is the record of the reminder for one person on one day.
type ReminderPost struct {
	Person  string
	Day     Date
	State   string
	Attempt int
	// ClaimedAt is when the claim was taken; SentAt when Slack confirmed it.
	ClaimedAt, SentAt time.Time
	// Channel is the direct-message channel and TS the message, once known.
	Channel, TS string
	// Actions are the numbers of the actions the reminder listed.
	Actions []int64
	Detail  string
}
