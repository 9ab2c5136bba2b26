package handlers

import (
	"regexp"
)

// slackUserID matches the ids Slack gives people; owners named at a console
// ("sam") have none and cannot be sent a direct message.
var slackUserID = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)

// IsSlackUserID reports whether id is a Slack user id (U… or W…).
func IsSlackUserID(id string) bool { return slackUserID.MatchString(id) }

// Person is who is asking.
type Person struct {
	// ID is the Slack user id, or the console name.
	ID string
	// Name is a display name, when known.
	Name string
	// TeamID is the Slack workspace of the user's home team ("" in the console).
	TeamID string
	// Console is true for `frontdoor try` and `frontdoor ask`.
	Console bool
}
